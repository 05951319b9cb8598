package dev.hoshu.agent.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
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
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The factory installed in a real MINA server on loopback, driven by a MINA client as the broker
 * drives it through the tunnel: exit status, both streams, and a channel close that stops the tool.
 */
class ToolCommandOverSshTest {

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

    @Test
    void execReturnsTheToolsStreamsAndExitStatus() throws Exception {
        tools.add("status", "echo \"ok $1\"; echo 'warn' >&2; exit 3", 60);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        try (ChannelExec exec = session.createExecChannel("{\"session\":\"s-1\",\"tool\":\"status\",\"args\":[\"-v\"]}")) {
            exec.setOut(out);
            exec.setErr(err);
            exec.open().verify(WAIT);
            exec.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), WAIT);

            assertEquals(3, exec.getExitStatus());
        }
        assertEquals("ok -v\n", out.toString(StandardCharsets.UTF_8));
        assertEquals("warn\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theManifestsCautionsComeBeforeTheToolsOwnOutputWithControlCharactersDefused() throws Exception {
        tools.add("quiet", "echo ok", 60);
        tools.addWithCautions("status", "echo 'warn' >&2; echo ok", java.util.List.of("Read-only.",
                "Stops the gantry\u001b[2J while it runs."));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        try (ChannelExec exec = session.createExecChannel("{\"session\":\"s-1\",\"tool\":\"status\",\"args\":[]}")) {
            exec.setOut(out);
            exec.setErr(err);
            exec.open().verify(WAIT);
            exec.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), WAIT);
            assertEquals(0, exec.getExitStatus());
        }
        assertEquals("ok\n", out.toString(StandardCharsets.UTF_8));
        assertEquals("hoshu: caution (status 1.0.0): Read-only.\n"
                + "hoshu: caution (status 1.0.0): Stops the gantry?[2J while it runs.\n"
                + "warn\n", err.toString(StandardCharsets.UTF_8));

        ByteArrayOutputStream quietErr = new ByteArrayOutputStream();
        try (ChannelExec exec = session.createExecChannel("{\"session\":\"s-2\",\"tool\":\"quiet\",\"args\":[]}")) {
            exec.setErr(quietErr);
            exec.open().verify(WAIT);
            exec.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), WAIT);
        }
        assertEquals("", quietErr.toString(StandardCharsets.UTF_8), "a tool without cautions adds no line");
    }

    @Test
    void aRefusedToolShowsNoCaution() throws Exception {
        tools.addWithCautions("status", "echo ok", java.util.List.of("Read-only."));
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        try (ChannelExec exec = session.createExecChannel(
                "{\"session\":\"s-1\",\"tool\":\"status\",\"args\":[\"$(id)\"]}")) {
            exec.setErr(err);
            exec.open().verify(WAIT);
            exec.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), WAIT);
            assertEquals(126, exec.getExitStatus());
        }
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("denied: "), err::toString);
        assertTrue(!err.toString(StandardCharsets.UTF_8).contains("caution"), err::toString);
    }

    @Test
    void shellLineIsRefusedAsMalformed() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        try (ChannelExec exec = session.createExecChannel("status; cat /etc/shadow")) {
            exec.setOut(new ByteArrayOutputStream());
            exec.setErr(err);
            exec.open().verify(WAIT);
            exec.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), WAIT);

            assertEquals(ExitStatus.MALFORMED, exec.getExitStatus());
        }
        assertEquals("refused: malformed tool invocation\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void closingTheChannelStopsTheToolTree() throws Exception {
        tools.add("stubborn", """
                trap '' TERM
                sleep 300 &
                echo "root=$$ child=$!"
                wait""", 600);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long rootPid;
        long childPid;
        try (ChannelExec exec = session.createExecChannel("{\"session\":\"s-2\",\"tool\":\"stubborn\",\"args\":[]}")) {
            exec.setOut(out);
            exec.setErr(new ByteArrayOutputStream());
            exec.open().verify(WAIT);
            assertTrue(RunningTool.eventually(WAIT, () -> out.toString(StandardCharsets.UTF_8).contains("child=")));
            Matcher pids = Pattern.compile("root=(\\d+) child=(\\d+)").matcher(out.toString(StandardCharsets.UTF_8));
            assertTrue(pids.find());
            rootPid = Long.parseLong(pids.group(1));
            childPid = Long.parseLong(pids.group(2));

            exec.close(false).await(WAIT);
        }

        assertTrue(RunningTool.eventually(WAIT, () -> !ProcessTree.running(ProcessHandle.of(rootPid).orElse(null))
                && !ProcessTree.running(ProcessHandle.of(childPid).orElse(null))), "tool processes left running");
    }
}
