package dev.hoshu.broker.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoshu.recording.RecordingHeader;
import dev.hoshu.recording.RecordingVerifier;
import dev.hoshu.recording.VerificationReport;
import dev.hoshu.tools.Ed25519Keys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Durability of each event, one force per batch, and what a failing disk does to sessions old and new. */
class GroupCommitTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final KeyPair sealKey = Ed25519Keys.generate();
    private final FaultyDisk disk = new FaultyDisk();
    private RecordingStore store;

    @BeforeEach
    void open() {
        store = new RecordingStore(dir, sealKey, "node-1", disk);
    }

    @AfterEach
    void close() {
        disk.release();
        store.close();
    }

    private SessionRecording start(String session) throws IOException {
        return store.open(new RecordingHeader(session, "g-1", List.of("tanaka"), "sato", "medserve", "CT-01", "hosp-a",
                "node-1", "status", List.of(), null, store.sealKeyId()));
    }

    private VerificationReport verify(Path file) throws IOException {
        return new RecordingVerifier().verify(file, kid -> Optional.of(sealKey.getPublic()));
    }

    @Test
    void aLoneKeystrokeIsOneWriteAndOneForce() throws Exception {
        SessionRecording recording = start("s-1");
        int writes = disk.writes();
        int forces = disk.forces();

        recording.input("y".getBytes(StandardCharsets.UTF_8)).join();

        assertEquals(writes + 1, disk.writes());
        assertEquals(forces + 1, disk.forces());
        assertTrue(Files.readString(recording.file()).contains("\"k\":\"i\",\"d\":\"y\""));
    }

    @Test
    void appendsWaitingTogetherShareOneForcePerFile() throws Exception {
        List<SessionRecording> sessions = List.of(start("s-1"), start("s-2"), start("s-3"));
        disk.holdWritesContaining("first");
        CompletableFuture<Void> first = sessions.get(0).output("first".getBytes(StandardCharsets.UTF_8));
        assertTrue(disk.awaitHeld(WAIT), "the first write should be held");
        int forcesBefore = disk.forces();
        List<CompletableFuture<Void>> bulk = new ArrayList<>();
        for (int n = 0; n < 100; n++) {
            for (SessionRecording session : sessions) {
                bulk.add(session.output(("line " + n + "\n").getBytes(StandardCharsets.UTF_8)));
            }
        }
        assertFalse(first.isDone() || bulk.stream().anyMatch(CompletableFuture::isDone),
                "nothing is durable while the disk is held");

        disk.release();
        CompletableFuture.allOf(bulk.toArray(CompletableFuture[]::new)).join();

        // The held batch forces once; the 300 lines queued behind it force once per file.
        assertTrue(disk.forces() - forcesBefore <= 1 + sessions.size(), "forces: " + (disk.forces() - forcesBefore));
        for (SessionRecording session : sessions) {
            session.close("exit");
            VerificationReport report = verify(session.file());
            assertTrue(report.sealed(), report.message());
            // header, the 100 lines, end and seal; and the held "first" line in s-1
            assertEquals(1 + 100 + 2 + (session == sessions.get(0) ? 1 : 0), Files.readAllLines(session.file()).size());
        }
    }

    @Test
    void aFailingDiskFailsTheAppendKeepsEveryDurableLineAndRefusesNewSessionsUntilItHeals() throws Exception {
        SessionRecording recording = start("s-1");
        recording.exec("status", List.of());
        recording.output("before the disk filled\n".getBytes(StandardCharsets.UTF_8)).join();

        disk.failWrites("No space left on device");
        CompletionException failed = assertThrows(CompletionException.class,
                () -> recording.output("lost\n".getBytes(StandardCharsets.UTF_8)).join());
        assertEquals("write failed: No space left on device", failed.getCause().getMessage());
        assertThrows(CompletionException.class, () -> recording.input("later".getBytes(StandardCharsets.UTF_8)).join());
        IOException sealing = assertThrows(IOException.class, () -> recording.close("exit"));
        assertEquals("write failed: No space left on device", sealing.getMessage());

        // The half-written line was cut off: the file verifies up to its last line and says it is not sealed.
        VerificationReport report = verify(recording.file());
        assertTrue(report.intact() && !report.sealed(), report.message());
        assertEquals("intact up to line 3, not sealed (broker stopped before the end)", report.message());
        assertFalse(Files.readString(recording.file()).contains("lost"));

        IOException refused = assertThrows(RecordingUnavailableException.class, () -> start("s-2"));
        assertEquals("write failed: No space left on device", refused.getMessage());
        assertFalse(Files.exists(dir.resolve("hosp-a/s-2.jsonl")), "a session that never started leaves no file");

        disk.heal();
        SessionRecording after = start("s-3");
        after.close("exit");
        assertTrue(verify(after.file()).sealed());
    }

    @Test
    void aHeaderThatCannotBeWrittenRefusesTheSessionWithTheReason() throws Exception {
        disk.failWrites("Input/output error");
        RecordingUnavailableException refused = assertThrows(RecordingUnavailableException.class, () -> start("s-1"));
        assertEquals("write failed: Input/output error", refused.getMessage());
    }

    @Test
    void aStoppedStoreRefusesAppendsInsteadOfLosingThem() throws Exception {
        SessionRecording recording = start("s-1");
        store.close();

        assertThrows(CompletionException.class, () -> recording.output(new byte[] {'x'}).join());
    }
}
