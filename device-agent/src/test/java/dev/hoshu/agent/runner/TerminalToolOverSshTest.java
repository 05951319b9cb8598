package dev.hoshu.agent.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interactive tools (manifest {@code needsTerminal}) on a real MINA server, driven as the broker drives them: a
 * {@code pty-req} of the engineer's size, typed input, {@code window-change} and {@code signal} requests.
 */
class TerminalToolOverSshTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path root;

    private SignedTools tools;
    private SshServer server;
    private SshClient client;
    private ClientSession session;

    @BeforeEach
    void start() throws Exception {
        tools = new SignedTools(root);
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider());
        // Test only: the agent's real server accepts nothing but the broker's pinned key.
        server.setPasswordAuthenticator((user, password, s) -> "broker".equals(user) && "test".equals(password));
        server.setCommandFactory(new ToolCommandFactory(tools.toolsDir(), tools.trustedKeysDir(), Duration.ofMillis(300)));
        server.start();

        client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        client.start();
        session = client.connect("broker", "127.0.0.1", server.getPort()).verify(WAIT).getSession();
        session.addPasswordIdentity("test");
        session.auth().verify(WAIT);
    }

    @AfterEach
    void stop() throws Exception {
        session.close(true);
        client.stop();
        server.stop(true);
    }

    private ChannelExec exec(String session, String tool, boolean withTerminal, ByteArrayOutputStream out,
                             ByteArrayOutputStream err) throws IOException {
        ChannelExec exec = this.session.createExecChannel(
                "{\"session\":\"" + session + "\",\"tool\":\"" + tool + "\",\"args\":[]}");
        if (withTerminal) {
            exec.setUsePty(true);
            exec.setPtyType("xterm");
            exec.setPtyColumns(120);
            exec.setPtyLines(40);
        }
        exec.setOut(out);
        exec.setErr(err);
        exec.open().verify(WAIT);
        return exec;
    }

    private static boolean shows(ByteArrayOutputStream out, String text) {
        return RunningTool.eventually(WAIT, () -> out.toString(StandardCharsets.UTF_8).contains(text));
    }

    @Test
    void anInteractiveToolWithoutATerminalIsRefusedWithOneLine() throws Exception {
        tools.addInteractive("console", "echo started");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        try (ChannelExec exec = exec("s-1", "console", false, out, err)) {
            exec.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), WAIT);
            assertEquals(ExitStatus.REFUSED, exec.getExitStatus());
        }
        assertEquals("refused: tool 'console' is interactive and needs a terminal; run it with ssh -t\n",
                err.toString(StandardCharsets.UTF_8));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void typedInputReachesTheToolOnATerminalOfTheEngineersSizeAndAResizeReachesItToo() throws Exception {
        tools.addInteractive("console", """
                stty size
                printf 'name? '
                read name
                echo "hello $name"
                read again
                stty size""");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        try (ChannelExec exec = exec("s-2", "console", true, out, new ByteArrayOutputStream())) {
            assertTrue(shows(out, "name? "), out::toString);
            OutputStream typed = exec.getInvertedIn();
            typed.write("sato\r".getBytes(StandardCharsets.US_ASCII));
            typed.flush();
            assertTrue(shows(out, "hello sato"), out::toString);

            exec.sendWindowChange(100, 30);
            typed.write("\r".getBytes(StandardCharsets.US_ASCII));
            typed.flush();
            exec.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), WAIT);
            assertEquals(0, exec.getExitStatus());
        }
        // The terminal echoes what was typed and ends lines with CR LF, as the engineer's screen shows them.
        assertEquals("40 120\r\nname? sato\r\nhello sato\r\n\r\n30 100\r\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anInterruptFromTheEngineerReachesTheToolsProcessGroup() throws Exception {
        tools.addInteractive("console", """
                trap 'echo interrupted; exit 7' INT
                echo ready
                while :; do sleep 1; done""");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        try (ChannelExec exec = exec("s-3", "console", true, out, new ByteArrayOutputStream())) {
            assertTrue(shows(out, "ready"), out::toString);
            sendSignal(exec, "INT");
            exec.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), WAIT);
            assertEquals(7, exec.getExitStatus());
        }
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("interrupted"), out::toString);
    }

    @Test
    void aToolThatDoesNotAskForATerminalRunsWithoutOneEvenWhenTheEngineerAsks() throws Exception {
        tools.add("status", "if [ -t 0 ] || [ -t 1 ]; then echo terminal; else echo no terminal; fi", 60);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        try (ChannelExec exec = exec("s-4", "status", true, out, new ByteArrayOutputStream())) {
            exec.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), WAIT);
            assertEquals(0, exec.getExitStatus());
        }
        assertEquals("no terminal\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void closingTheChannelStopsAnInteractiveToolsWholeTree() throws Exception {
        tools.addInteractive("console", """
                trap '' TERM HUP
                sleep 300 &
                echo "root=$$ child=$!"
                wait""");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long rootPid;
        long childPid;
        try (ChannelExec exec = exec("s-5", "console", true, out, new ByteArrayOutputStream())) {
            assertTrue(shows(out, "child="), out::toString);
            Matcher pids = Pattern.compile("root=(\\d+) child=(\\d+)").matcher(out.toString(StandardCharsets.UTF_8));
            assertTrue(pids.find());
            rootPid = Long.parseLong(pids.group(1));
            childPid = Long.parseLong(pids.group(2));

            exec.close(false).await(WAIT);
        }

        assertTrue(RunningTool.eventually(WAIT, () -> !ProcessTree.running(ProcessHandle.of(rootPid).orElse(null))
                && !ProcessTree.running(ProcessHandle.of(childPid).orElse(null))), "tool processes left running");
    }

    /** RFC 4254 6.9 "signal", which MINA's client has no call for; the broker sends it the same way. */
    private static void sendSignal(ChannelExec exec, String name) throws IOException {
        Buffer request = exec.getSession().createBuffer(SshConstants.SSH_MSG_CHANNEL_REQUEST, 32);
        request.putUInt(exec.getRecipient());
        request.putString("signal");
        request.putBoolean(false);
        request.putString(name);
        exec.writePacket(request);
    }
}
