package dev.hoshu.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import com.pty4j.WinSize;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An interactive tool ({@code needsTerminal}) as an engineer uses it: the real OpenSSH client with {@code -t},
 * itself on a pseudo-terminal the test drives like a terminal window (typing, resizing, which makes the kernel send
 * ssh SIGWINCH), through the packaged broker to the packaged agent's demo {@code console}. Then what an auditor
 * gets back: the recording's input, output and resize events, and an asciicast that replays at the right size.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InteractiveToolIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dir;

    private HoshuSystem hoshu;
    private RunResult withoutTerminal;
    private String screen;
    private int exitStatus;
    private String session;

    @BeforeAll
    void runTheConsoleInATerminal() throws Exception {
        hoshu = HoshuSystem.start(dir);
        hoshu.startAgent("CT-01", "tanaka");
        hoshu.awaitOnline("CT-01", "hosp-a");
        hoshu.approvedRequest("sato", "tanaka", "CT-01", "console");
        // Without -t first: refused by the device, and the CLI has saved the grant's certificate for the ssh below.
        withoutTerminal = hoshu.hoshu("sato", "ssh", "CT-01", "console");

        try (Terminal terminal = Terminal.start(hoshu.sshCommand(certificateOptions("-t"), "CT-01", "console"),
                dir, 120, 40)) {
            terminal.awaitScreen("console> ");
            terminal.type("size\r");
            terminal.awaitScreen("40 120");
            terminal.type("echo hello from sato\r");
            terminal.awaitScreen("\r\nhello from sato\r\n");

            terminal.resize(100, 30);
            // The window change travels apart from the typing; ask again until the tool sees the new size.
            for (int attempt = 0; attempt < 20 && !terminal.screen().contains("30 100"); attempt++) {
                terminal.type("size\r");
                Thread.sleep(250);
            }
            terminal.awaitScreen("30 100");
            terminal.type("quit\r");
            terminal.awaitScreen("bye");
            exitStatus = terminal.awaitExit();
            screen = terminal.screen();
        }
        List<String> sessions = hoshu.recordedSessions();
        session = sessions.get(sessions.size() - 1);
    }

    @AfterAll
    void stop() {
        if (hoshu != null) {
            hoshu.close();
        }
    }

    private List<String> certificateOptions(String... more) throws IOException {
        Path keys = hoshu.home("sato").resolve("keys");
        List<String> options = new ArrayList<>();
        try (Stream<Path> certs = Files.list(keys)) {
            Path cert = certs.filter(p -> p.getFileName().toString().endsWith("-cert.pub")).findFirst().orElseThrow();
            options.addAll(List.of("-i", keys.resolve("id_ed25519").toString(), "-o", "CertificateFile=" + cert));
        }
        options.addAll(List.of(more));
        return options;
    }

    @Test
    void withoutATerminalTheConsoleIsRefusedWithOneLine() {
        assertEquals(126, withoutTerminal.exitCode(), withoutTerminal::toString);
        // OpenSSH's own first-connection notice may come before it; Hoshu's answer is the one last line.
        List<String> lines = withoutTerminal.stderr().strip().lines().toList();
        assertEquals("refused: tool 'console' is interactive and needs a terminal; run it with ssh -t",
                lines.get(lines.size() - 1), withoutTerminal::toString);
        assertTrue(lines.stream().limit(lines.size() - 1).allMatch(line -> line.startsWith("Warning: Permanently added")),
                withoutTerminal::toString);
        assertEquals("", withoutTerminal.stdout());
    }

    @Test
    void typedInputReachesTheToolAndItsAnswersComeBackAtTheTerminalsSize() {
        assertEquals(0, exitStatus, screen);
        assertTrue(screen.contains("CT-DEMO-64 service console; type help"), screen);
        // The device's terminal echoes what was typed, as a terminal does.
        assertTrue(screen.contains("console> echo hello from sato\r\nhello from sato\r\n"), screen);
        assertTrue(screen.contains("size\r\n40 120\r\n"), screen);
        assertTrue(screen.contains("size\r\n30 100\r\n"), screen);
    }

    @Test
    void theEngineerReadsTheConsolesCautionBeforeItsBannerAndTheRecordingHoldsIt() throws IOException {
        String caution = "hoshu: caution (console 1.0.0): Interactive: run with ssh -t. Reads the gantry state only; "
                + "changes nothing.\r\n";
        int shownAt = screen.indexOf(caution);
        assertTrue(shownAt >= 0 && shownAt < screen.indexOf("CT-DEMO-64 service console"), screen);
        List<JsonNode> events = Files.readAllLines(hoshu.recording(session)).stream().skip(1).map(JSON::readTree).toList();
        assertEquals(caution, concat(events, "e"), "the caution is recorded as the engineer saw it, on stderr");
    }

    @Test
    void theRecordingHoldsTheInputTheOutputAndBothSizesInOrder() throws IOException {
        List<JsonNode> events = Files.readAllLines(hoshu.recording(session)).stream().skip(1).map(JSON::readTree).toList();
        List<String> sizes = events.stream().filter(e -> e.path("k").asString().equals("resize"))
                .map(e -> e.path("cols").asInt() + "x" + e.path("rows").asInt()).toList();
        assertEquals(List.of("120x40", "100x30"), sizes);
        assertEquals("exec", events.get(0).path("k").asString());
        assertEquals("resize", events.get(1).path("k").asString(), "the starting size is recorded before any byte");

        String typed = concat(events, "i");
        assertTrue(typed.contains("echo hello from sato\r") && typed.endsWith("quit\r"), typed);
        assertTrue(concat(events, "o").contains("hello from sato"), concat(events, "o"));
        long resizedAt = events.stream().filter(e -> e.path("k").asString().equals("resize")).skip(1).findFirst()
                .orElseThrow().path("t").asLong();
        long newSizeShownAt = events.stream().filter(e -> e.path("k").asString().equals("o")
                && e.path("d").asString("").contains("30 100")).findFirst().orElseThrow().path("t").asLong();
        assertTrue(resizedAt <= newSizeShownAt, "resize recorded at " + resizedAt + ", new size shown at " + newSizeShownAt);

        RunResult verify = hoshu.hoshu("suzuki", "recordings", "verify", hoshu.recording(session).toString());
        assertTrue(verify.stdout().startsWith("intact") || verify.stdout().startsWith("ok"), verify::toString);
    }

    @Test
    void theExportedCastReplaysTheScreenAtTheEngineersSizes() throws IOException {
        Path cast = dir.resolve("console.cast");
        RunResult export = hoshu.hoshu("suzuki", "recordings", "export", "--session", session, "--format", "cast",
                "-o", cast.toString());
        assertEquals(0, export.exitCode(), export::toString);

        List<JsonNode> lines = Files.readAllLines(cast).stream().map(JSON::readTree).toList();
        assertEquals(120, lines.get(0).path("width").asInt());
        assertEquals(40, lines.get(0).path("height").asInt());
        List<String> resizes = lines.stream().skip(1).filter(e -> e.get(1).asString().equals("r"))
                .map(e -> e.get(2).asString()).toList();
        assertEquals(List.of("100x30"), resizes);

        // asciinema cat wants a terminal for its keyboard; script gives it one, its output goes to a file as is.
        Path replayed = dir.resolve("asciinema-cat.out");
        RunResult cat = Commands.run(List.of("script", "-qec", "asciinema cat '" + cast + "' > '" + replayed + "'",
                "/dev/null"), Map.of(), null, dir);
        assertEquals(0, cat.exitCode(), cat::toString);
        String replay = new String(Files.readAllBytes(replayed), StandardCharsets.UTF_8);
        for (String shown : List.of("console> echo hello from sato\r\nhello from sato\r\n", "40 120\r\n", "30 100\r\n",
                "bye")) {
            assertTrue(replay.contains(shown), "replay lacks " + shown + ": " + replay);
        }
    }

    private static String concat(List<JsonNode> events, String kind) {
        StringBuilder text = new StringBuilder();
        events.stream().filter(e -> e.path("k").asString().equals(kind)).forEach(e -> text.append(e.path("d").asString("")));
        return text.toString();
    }

    /** A terminal window: ssh on a pseudo-terminal of a given size, whose screen bytes are collected. */
    private static final class Terminal implements AutoCloseable {

        private final PtyProcess process;
        private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
        private final Thread reader;

        private Terminal(PtyProcess process) {
            this.process = process;
            this.reader = new Thread(this::collect, "terminal-screen");
            reader.setDaemon(true);
            reader.start();
        }

        static Terminal start(List<String> command, Path workDir, int columns, int rows) throws IOException {
            Map<String, String> env = new HashMap<>(System.getenv());
            env.put("TERM", "xterm");
            return new Terminal(new PtyProcessBuilder(command.toArray(String[]::new)).setEnvironment(env)
                    .setDirectory(workDir.toString()).setInitialColumns(columns).setInitialRows(rows)
                    .setRedirectErrorStream(true).start());
        }

        private void collect() {
            byte[] buffer = new byte[4096];
            try (InputStream in = process.getInputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    synchronized (screen) {
                        screen.write(buffer, 0, n);
                    }
                }
            } catch (IOException e) {
                // The terminal closed with ssh: the screen is complete.
            }
        }

        String screen() {
            synchronized (screen) {
                return screen.toString(StandardCharsets.UTF_8);
            }
        }

        void awaitScreen(String text) {
            try {
                Await.until(WAIT, "the terminal to show " + text.replace("\r", "\\r").replace("\n", "\\n"),
                        () -> screen().contains(text));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; it shows: " + screen(), e);
            }
        }

        void type(String keys) throws IOException {
            OutputStream keyboard = process.getOutputStream();
            keyboard.write(keys.getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
        }

        /** As a terminal window does: the kernel then sends SIGWINCH to ssh, which sends window-change. */
        void resize(int columns, int rows) {
            process.setWinSize(new WinSize(columns, rows));
        }

        int awaitExit() throws InterruptedException {
            if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("ssh did not end; the terminal shows: " + screen());
            }
            reader.join(WAIT.toMillis());
            return process.exitValue();
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }
}
