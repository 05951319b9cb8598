package dev.hoshu.bench.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jdk.jfr.Recording;

class HotFramesTest {

    @Test
    void groupsByTheFirstThreePackageSegments() {
        assertEquals("org.bouncycastle.tls", HotFrames.packageOf("org.bouncycastle.tls.crypto.impl.AEADCipher"));
        assertEquals("java.lang", HotFrames.packageOf("java.lang.String"));
        assertEquals("(default package)", HotFrames.packageOf("Main"));
    }

    @Test
    void layersAreRecognisedByPackage() {
        assertTrue(CostLayer.TLS_RECORDS.contains("org.bouncycastle.tls.crypto.impl.TlsAEADCipher"));
        assertFalse(CostLayer.TLS_RECORDS.contains("org.bouncycastle.tls.TlsProtocol"), "handshake logic is not record crypto");
        assertTrue(CostLayer.SSH_CIPHERS.contains("org.apache.sshd.common.cipher.ChaCha20Cipher"));
        assertTrue(CostLayer.RECORDING.contains("dev.hoshu.recording.RecordingChain"));
        assertFalse(CostLayer.RECORDING.contains("dev.hoshu.recordingsuffix.Other"));
    }

    @Test
    void sharesAreSortedAndRounded() {
        var shares = HotFrames.topShares(Map.of("a", 1L, "b", 2L, "c", 1L), 4, 2);
        assertEquals(2, shares.size());
        assertEquals(new FrameShare("b", 2, 50.0), shares.get(0));
        assertEquals(new FrameShare("a", 1, 25.0), shares.get(1));
    }

    @Test
    void findsWhereThisJvmSpentItsTimeInARealRecording(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("busy.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
            recording.start();
            long until = System.nanoTime() + Duration.ofMillis(800).toNanos();
            long sink = 0;
            while (System.nanoTime() < until) {
                sink += spin(sink);
            }
            recording.stop();
            recording.dump(file);
            assertTrue(sink != 1);
        }
        HotFrames hot = HotFrames.of("test", file, 10);
        assertTrue(hot.samples() > 0, "no execution samples recorded");
        assertTrue(hot.methods().stream().anyMatch(share -> share.name().contains("HotFramesTest.spin")), hot.toString());
        assertTrue(hot.layers().isEmpty(), "a busy loop crosses none of Hoshu's layers: " + hot.layers());
        assertTrue(hot.hoshuCallers().stream().anyMatch(share -> share.name().equals("dev.hoshu.bench.jvm.HotFramesTest.spin")),
                hot.toString());
    }

    private static long spin(long seed) {
        long x = seed;
        for (int i = 0; i < 100_000; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x;
    }
}
