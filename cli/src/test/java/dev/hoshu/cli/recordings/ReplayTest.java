package dev.hoshu.cli.recordings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hoshu.recording.RecordingChain;
import dev.hoshu.recording.RecordingHeader;
import dev.hoshu.recording.RecordingReader;
import dev.hoshu.tools.Ed25519Keys;
import dev.hoshu.tools.KeyIds;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayTest {

    private static final KeyPair SEAL = Ed25519Keys.generate();

    /** Output at 1 s, 61 s (a minute idle) and 62 s. */
    private static RecordingReader recording() throws Exception {
        RecordingChain chain = new RecordingChain(new RecordingHeader("s-1", "g-1", List.of(), "sato", "medserve", "CT-01",
                "hosp-a", "node-1", "selftest", List.of(), null, KeyIds.of(SEAL.getPublic())), Instant.EPOCH);
        String text = String.join("\n", chain.headerLine(),
                chain.output("step 1\n".getBytes(StandardCharsets.UTF_8), 1000),
                chain.input("ignored".getBytes(StandardCharsets.UTF_8), 30_000),
                chain.output("step 2\n".getBytes(StandardCharsets.UTF_8), 61_000),
                chain.stderr("done\n".getBytes(StandardCharsets.UTF_8), 62_000)) + "\n";
        return RecordingReader.open(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Duration> play(double speed, Duration idleLimit, StringWriter screen) throws Exception {
        List<Duration> waits = new ArrayList<>();
        new Replay(speed, idleLimit, waits::add).play(recording(), new PrintWriter(screen));
        return waits;
    }

    @Test
    void waitsFollowTheRecordedGaps() throws Exception {
        StringWriter screen = new StringWriter();
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(1)), play(1, null, screen));
        assertEquals("step 1\nstep 2\ndone\n", screen.toString());
    }

    @Test
    void speedDividesAndTheIdleLimitCutsLongPauses() throws Exception {
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(500)),
                play(2, Duration.ofSeconds(2), new StringWriter()));
    }

    @Test
    void nonsenseSettingsAreRefused() {
        assertEquals("speed must be above 0 and at most 1000",
                assertThrows(IllegalArgumentException.class, () -> new Replay(0, null, w -> { })).getMessage());
        assertEquals("speed must be above 0 and at most 1000",
                assertThrows(IllegalArgumentException.class, () -> new Replay(Double.NaN, null, w -> { })).getMessage());
        assertEquals("idle limit must not be negative",
                assertThrows(IllegalArgumentException.class, () -> new Replay(1, Duration.ofSeconds(-1), w -> { })).getMessage());
    }
}
