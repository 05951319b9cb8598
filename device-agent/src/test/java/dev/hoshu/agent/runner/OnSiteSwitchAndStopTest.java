package dev.hoshu.agent.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoshu.agent.DeviceAgentCommand;
import dev.hoshu.agent.localswitch.OnSiteSwitch;
import dev.hoshu.agent.localswitch.RemoteSwitchRefusal;
import dev.hoshu.agent.localswitch.SwitchWatcher;
import dev.hoshu.tunnel.control.ControlHandler;
import dev.hoshu.tunnel.control.ControlRequests;
import dev.hoshu.tunnel.control.StopAnswer;
import dev.hoshu.tunnel.control.StopReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.RequestHandler;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The device side of a cut: the on-site switch ends running tools and refuses new ones, only locally; a killed
 * session's stop is confirmed to the broker with the process count; a tunnel that goes silent stops its tools.
 */
class OnSiteSwitchAndStopTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String TREE_TOOL = """
            sleep 300 &
            echo "root=$$ child=$!"
            wait""";

    @TempDir
    Path root;

    private SignedTools tools;
    private OnSiteSwitch onSite;
    private final RunningTools running = new RunningTools();
    private final List<StopReport> reports = new ArrayList<>();
    private final CompletableFuture<Void> brokerSilent = new CompletableFuture<>();
    private SwitchWatcher watcher;
    private SshServer server;
    private SshClient client;
    private ClientSession session;

    @BeforeEach
    void start() throws Exception {
        tools = new SignedTools(root);
        tools.add("tree", TREE_TOOL, 600);
        Path data = Files.createDirectories(root.resolve("agent-data"));
        onSite = new OnSiteSwitch(data, "CT-01");
        watcher = SwitchWatcher.start(onSite, running);

        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider());
        // Test only: the agent's real server accepts nothing but the broker's pinned key.
        server.setPasswordAuthenticator((user, password, s) -> "broker".equals(user) && "test".equals(password));
        server.setCommandFactory(new ToolCommandFactory(tools.toolsDir(), tools.trustedKeysDir(), Duration.ofMillis(300),
                onSite, running, Duration.ofSeconds(2)));
        List<RequestHandler<ConnectionService>> handlers = new ArrayList<>(server.getGlobalRequestHandlers());
        handlers.add(new RemoteSwitchRefusal());
        server.setGlobalRequestHandlers(handlers);
        server.start();

        client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        List<RequestHandler<ConnectionService>> brokerSide = new ArrayList<>(client.getGlobalRequestHandlers());
        brokerSide.add(new StopRecorder());
        brokerSide.add(new SilenceWhenAsked());
        client.setGlobalRequestHandlers(brokerSide);
        client.start();
        session = client.connect("broker", "127.0.0.1", server.getPort()).verify(WAIT).getSession();
        session.addPasswordIdentity("test");
        session.auth().verify(WAIT);
    }

    @AfterEach
    void stop() throws Exception {
        watcher.close();
        session.close(true);
        client.stop();
        server.stop(true);
    }

    /** The broker's end of the stop confirmation, as a recorder. */
    private final class StopRecorder extends ControlHandler<StopReport, StopAnswer> {
        StopRecorder() {
            super(ControlRequests.STOPPED, StopReport.class);
        }

        @Override
        protected StopAnswer answer(Session s, StopReport body) {
            synchronized (reports) {
                reports.add(body);
            }
            return new StopAnswer(true, null);
        }

        @Override
        protected StopAnswer refusal(String reason) {
            return StopAnswer.refused(reason);
        }
    }

    /** Answers the agent's sign-of-life pings until told to go silent, like a link that stops carrying data. */
    private final class SilenceWhenAsked implements org.apache.sshd.common.session.ConnectionServiceRequestHandler {
        @Override
        public RequestHandler.Result process(ConnectionService service, String request, boolean wantReply,
                                             Buffer buffer) throws Exception {
            if (!"alive@hoshu.dev".equals(request)) {
                return RequestHandler.Result.Unsupported;
            }
            if (brokerSilent.isDone()) {
                return RequestHandler.Result.Replied; // swallowed: no answer ever comes
            }
            return RequestHandler.Result.ReplySuccess;
        }
    }

    private ChannelExec runTree(String sessionId, ByteArrayOutputStream out, ByteArrayOutputStream err)
            throws Exception {
        ChannelExec exec = session.createExecChannel("{\"session\":\"" + sessionId + "\",\"tool\":\"tree\",\"args\":[]}");
        exec.setOut(out);
        exec.setErr(err);
        exec.open().verify(WAIT);
        assertTrue(RunningTool.eventually(WAIT, () -> out.toString(StandardCharsets.UTF_8).contains("child=")),
                "the tool should start: " + err);
        return exec;
    }

    private static List<Long> pids(ByteArrayOutputStream out) {
        Matcher m = Pattern.compile("root=(\\d+) child=(\\d+)").matcher(out.toString(StandardCharsets.UTF_8));
        assertTrue(m.find(), out::toString);
        return List.of(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
    }

    private static boolean allGone(List<Long> pids) {
        return pids.stream().noneMatch(pid -> ProcessTree.running(ProcessHandle.of(pid).orElse(null)));
    }

    @Test
    void switchingOffOnSiteEndsTheRunningToolWithTheReasonAndRefusesNewOnes() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ChannelExec exec = runTree("s-0123456789abcdef", out, err)) {
            List<Long> pids = pids(out);

            Files.writeString(onSite.file(), "the radiographer pressed the switch\n");

            exec.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), WAIT);
            assertEquals(137, exec.getExitStatus());
            assertEquals("hoshu: session s-0123456789abcdef ended: remote maintenance switched off on site at CT-01\n",
                    err.toString(StandardCharsets.UTF_8));
            assertTrue(RunningTool.eventually(WAIT, () -> allGone(pids)), "tool processes left running");
        }

        ByteArrayOutputStream refusal = new ByteArrayOutputStream();
        try (ChannelExec again = session.createExecChannel("{\"session\":\"s-2\",\"tool\":\"tree\",\"args\":[]}")) {
            again.setOut(new ByteArrayOutputStream());
            again.setErr(refusal);
            again.open().verify(WAIT);
            again.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), WAIT);
            assertEquals(ExitStatus.REFUSED, again.getExitStatus());
        }
        assertEquals("refused: remote maintenance switched off on site at CT-01\n",
                refusal.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aRemoteAttemptToSwitchItBackOnIsRefusedAndTheSwitchStaysOff() throws Exception {
        onSite.turnOff("staff", Instant.now());

        for (String request : List.of("switch-on@hoshu.dev", "SWITCH@hoshu.dev")) {
            Buffer ask = session.createBuffer(SshConstants.SSH_MSG_GLOBAL_REQUEST);
            ask.putString(request);
            ask.putBoolean(true);
            assertNull(session.request(request, ask, WAIT), request + " must be refused");
        }
        ByteArrayOutputStream refusal = new ByteArrayOutputStream();
        try (ChannelExec exec = session.createExecChannel("{\"session\":\"s-3\",\"tool\":\"switch\",\"args\":[\"on\"]}")) {
            exec.setOut(new ByteArrayOutputStream());
            exec.setErr(refusal);
            exec.open().verify(WAIT);
            exec.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), WAIT);
            assertEquals(ExitStatus.REFUSED, exec.getExitStatus());
        }

        assertTrue(onSite.isOff(), "the switch must stay off");
        assertEquals("refused: remote maintenance switched off on site at CT-01\n",
                refusal.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theSwitchCommandTurnsItOffAndOnLocallyAndSurvivesAsAFile() {
        Path data = onSite.file().getParent();

        Result off = agent("switch", "off", "--data", data.toString());
        assertEquals(0, off.status(), off.toString());
        assertTrue(Files.exists(onSite.file()));
        Result status = agent("switch", "status", "--data", data.toString());
        assertTrue(status.out().startsWith("off: switched off on site by"), status.toString());
        Result on = agent("switch", "on", "--data", data.toString());
        assertEquals(0, on.status(), on.toString());
        assertFalse(onSite.isOff());
        Result nowhere = agent("switch", "off", "--data", root.resolve("missing").toString());
        assertEquals(1, nowhere.status());
        assertEquals(1, nowhere.err().lines().count(), nowhere.toString());
    }

    @Test
    void aClosedChannelsStopIsConfirmedToTheBrokerWithTheProcessCount() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Long> pids;
        try (ChannelExec exec = runTree("s-4", out, new ByteArrayOutputStream())) {
            pids = pids(out);
            exec.close(false).await(WAIT);
        }

        assertTrue(RunningTool.eventually(WAIT, () -> {
            synchronized (reports) {
                return !reports.isEmpty();
            }
        }), "no stop confirmation reached the broker");
        StopReport report;
        synchronized (reports) {
            report = reports.get(0);
        }
        assertEquals("s-4", report.session());
        assertTrue(report.processes() >= 2, "the tool and its child: " + report);
        assertNotNull(report.stoppedAt());
        assertTrue(allGone(pids), "confirmed before the tree was gone");
    }

    @Test
    void aTunnelThatGoesSilentStopsItsToolsAfterTheGrace() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ChannelExec exec = runTree("s-5", out, new ByteArrayOutputStream())) {
            List<Long> pids = pids(out);
            long silentSince = System.nanoTime();
            brokerSilent.complete(null);

            assertTrue(RunningTool.eventually(WAIT, () -> allGone(pids)), "tools still run on a silent tunnel");
            long after = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - silentSince);
            assertTrue(after >= 1500, "stopped before the 2 s grace: " + after + " ms");
        }
    }

    private record Result(int status, String out, String err) {
    }

    private static Result agent(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = DeviceAgentCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int status = cli.execute(args);
        return new Result(status, out.toString(), err.toString());
    }
}
