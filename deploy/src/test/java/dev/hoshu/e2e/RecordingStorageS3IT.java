package dev.hoshu.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoshu.broker.recording.archive.LoopbackS3;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker configured for S3 recording storage (s3proxy on loopback, started here): a real ssh session's
 * recording is written locally, lands in the bucket once sealed, and auditors verify, export and replay it from
 * there with the real {@code asciinema cat}; another hospital's auditor gets 404. A bucket that refuses writes
 * keeps the recording on local disk, readable, until a retry moves it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecordingStorageS3IT {

    private static final String BUCKET = "hoshu-recordings";

    @TempDir
    static Path dir;

    private LoopbackS3 s3;
    private HoshuSystem hoshu;
    private String session;
    private String printed;

    @BeforeAll
    void recordASessionIntoTheBucket() throws Exception {
        s3 = LoopbackS3.start();
        s3.createBucket(BUCKET);
        hoshu = HoshuSystem.start(dir,
                "--hoshu.recordings.store=s3",
                "--hoshu.recordings.s3.endpoint=" + s3.endpoint(),
                "--hoshu.recordings.s3.bucket=" + BUCKET,
                "--hoshu.recordings.s3.path-style=true",
                "--hoshu.recordings.s3.access-key=" + LoopbackS3.ACCESS_KEY,
                "--hoshu.recordings.s3.secret-key=" + LoopbackS3.SECRET_KEY,
                "--hoshu.recordings.upload-retry=1s");
        hoshu.login("watanabe");
        hoshu.startAgent("CT-01", "tanaka");
        hoshu.awaitOnline("CT-01", "hosp-a");
        hoshu.approvedRequest("sato", "tanaka", "CT-01", "logcollect");
        RunResult run = hoshu.hoshu("sato", "ssh", "CT-01", "logcollect", "--lines", "120");
        HoshuSystem.check(run.exitCode() == 0, "logcollect through the broker", run);
        printed = run.stderr().lines().filter(l -> !l.startsWith("Warning: Permanently added"))
                .map(l -> l + "\n").collect(Collectors.joining()) + run.stdout();
        Await.until(Duration.ofSeconds(30), "the recording in the bucket", () -> !s3.keys(BUCKET).isEmpty());
        String key = s3.keys(BUCKET).get(0);
        session = key.substring("hosp-a/".length(), key.length() - ".jsonl".length());
    }

    @AfterAll
    void stop() throws Exception {
        if (hoshu != null) {
            hoshu.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    private List<Path> localRecordings() {
        Path folder = hoshu.brokerData().resolve("recordings");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(p -> p.toString().endsWith(".jsonl")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theSealedRecordingIsInTheBucketOnlyAndVerifiesFromThere() throws Exception {
        assertTrue(s3.keys(BUCKET).contains("hosp-a/" + session + ".jsonl"), s3.keys(BUCKET)::toString);
        Await.until(Duration.ofSeconds(10), "the local copy removed", () -> localRecordings().stream()
                .noneMatch(p -> p.getFileName().toString().equals(session + ".jsonl")));
        String stored = new String(s3.object(BUCKET, "hosp-a/" + session + ".jsonl"), StandardCharsets.UTF_8);
        assertTrue(stored.lines().reduce((a, b) -> b).orElse("").contains("\"k\":\"seal\""), stored);

        RunResult verify = hoshu.hoshu("suzuki", "recordings", "verify", "--session", session);

        assertEquals(0, verify.exitCode(), verify::toString);
        assertTrue(verify.stdout().startsWith("ok"), verify::toString);
    }

    @Test
    void asciinemaCatOfTheExportFromTheBucketReproducesWhatSshPrinted() throws IOException {
        Path cast = dir.resolve("from-s3.cast");
        RunResult export = hoshu.hoshu("suzuki", "recordings", "export", "--session", session, "--format", "cast",
                "-o", cast.toString());
        assertEquals(0, export.exitCode(), export::toString);

        Path replayed = dir.resolve("from-s3.out");
        RunResult cat = Commands.run(List.of("script", "-qec", "asciinema cat '" + cast + "' > '" + replayed + "'",
                "/dev/null"), Map.of(), null, dir);
        assertEquals(0, cat.exitCode(), cat::toString);
        // No terminal on the session: the cast ends its bare LF lines as the engineer's terminal showed them.
        assertEquals(printed.replaceAll("(?<!\r)\n", "\r\n"), Files.readString(replayed));
    }

    @Test
    void anotherHospitalsAuditorCannotReadItFromTheBucket() {
        RunResult search = hoshu.hoshu("watanabe", "recordings", "search");
        assertEquals(0, search.exitCode(), search::toString);
        assertEquals("no recordings match", search.stdout().strip());

        RunResult export = hoshu.hoshu("watanabe", "recordings", "export", "--session", session, "-o",
                dir.resolve("stolen.cast").toString());
        assertEquals(1, export.exitCode(), export::toString);
        assertEquals("no recording of session " + session, export.stderr().strip());
        assertFalse(Files.exists(dir.resolve("stolen.cast")));
    }

    @Test
    void aBucketThatRefusesWritesLosesNothingAndTheRetryMovesTheRecording() throws Exception {
        s3.refuseWrites(true);
        try {
            RunResult run = hoshu.hoshu("sato", "ssh", "CT-01", "logcollect", "--lines", "3");
            HoshuSystem.check(run.exitCode() == 0, "a second session while the bucket refuses writes", run);
            hoshu.broker().awaitOutput("kept on local disk: upload failed", Duration.ofSeconds(20));
            Path waiting = localRecordings().stream()
                    .filter(p -> !p.getFileName().toString().equals(session + ".jsonl")).findFirst().orElse(null);
            assertNotNull(waiting, "the refused recording stays on local disk");
            String second = waiting.getFileName().toString().replace(".jsonl", "");
            assertEquals(List.of("hosp-a/" + session + ".jsonl"), s3.keys(BUCKET));
            // Auditors read it from the local disk meanwhile, through the same API.
            RunResult verify = hoshu.hoshu("suzuki", "recordings", "verify", "--session", second);
            assertEquals(0, verify.exitCode(), verify::toString);
            byte[] local = Files.readAllBytes(waiting);

            s3.refuseWrites(false);
            Await.until(Duration.ofSeconds(20), "the retried upload", () -> s3.keys(BUCKET).size() == 2);
            Await.until(Duration.ofSeconds(10), "the local copy removed after the retry", () -> !Files.exists(waiting));
            assertTrue(java.util.Arrays.equals(local, s3.object(BUCKET, "hosp-a/" + second + ".jsonl")));
        } finally {
            s3.refuseWrites(false);
        }
    }
}
