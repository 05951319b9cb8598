package dev.hoshu.broker.recording.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoshu.audit.AuditEvent;
import dev.hoshu.broker.audit.InMemoryAuditTrail;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit log's view of a store that keeps refusing: one event per recording until it moves, whatever each try said. */
class ArchiveUploadsTest {

    @TempDir
    Path localRoot;

    @TempDir
    Path storeRoot;

    private final InMemoryAuditTrail audit = new InMemoryAuditTrail();
    private Refusing store;
    private ArchiveUploads uploads;

    @BeforeEach
    void files() throws IOException {
        Files.createDirectories(localRoot.resolve("hosp-a"));
        Files.writeString(localRoot.resolve("hosp-a/s-1.jsonl"), "{\"sealed\":true}\n", StandardCharsets.UTF_8);
        store = new Refusing(new FolderArchive(storeRoot, false));
        uploads = new ArchiveUploads(new FolderArchive(localRoot, false), store, null, file -> false,
                RetentionRules.keepForever(), Duration.ofDays(1), audit, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        uploads.close();
    }

    @Test
    void aRefusalWordedDifferentlyOnEachTryIsAuditedOnceAndTheMoveOnceMore() throws Exception {
        store.refusals = List.of("Unexpected end of file from server", "error (HTTP 400)", "Connection reset");

        for (int pass = 0; pass < 3; pass++) {
            assertThat(uploads.pass()).as("pass %d", pass).isEqualTo(1);
        }
        assertThat(localRoot.resolve("hosp-a/s-1.jsonl")).exists();
        assertThat(uploadEvents()).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.REFUSED);
            assertThat(e.reason()).isEqualTo("upload failed, kept on local disk and retried: "
                    + "Unexpected end of file from server");
        });

        store.refusals = List.of();
        assertThat(uploads.pass()).isZero();
        assertThat(localRoot.resolve("hosp-a/s-1.jsonl")).doesNotExist();
        assertThat(storeRoot.resolve("hosp-a/s-1.jsonl")).exists();
        assertThat(uploadEvents()).extracting(AuditEvent::outcome)
                .containsExactly(AuditEvent.Outcome.REFUSED, AuditEvent.Outcome.ALLOWED);
    }

    @Test
    void aFailureThatCouldNotBeAuditedIsAuditedOnTheNextTry() throws Exception {
        store.refusals = List.of("AccessDenied (HTTP 403)");
        audit.failing();
        assertThat(uploads.pass()).isEqualTo(1);
        audit.working();

        assertThat(uploads.pass()).isEqualTo(1);

        assertThat(uploadEvents()).singleElement().extracting(AuditEvent::outcome).isEqualTo(AuditEvent.Outcome.REFUSED);
    }

    private List<AuditEvent> uploadEvents() {
        return audit.events().stream().filter(e -> e.action().equals("recording.upload")).toList();
    }

    /** Refuses each put with the next of {@link #refusals} (cycling) while there are any; stores otherwise. */
    private static final class Refusing implements RecordingArchive {
        private final FolderArchive target;
        private volatile List<String> refusals = List.of();
        private int tries;

        Refusing(FolderArchive target) {
            this.target = target;
        }

        @Override
        public String describe() {
            return target.describe();
        }

        @Override
        public void put(RecordingKey key, Path file, String sha256, Instant retainUntil) throws IOException {
            List<String> now = refusals;
            if (!now.isEmpty()) {
                throw new IOException(now.get(tries++ % now.size()));
            }
            target.put(key, file, sha256, retainUntil);
        }

        @Override
        public Optional<StoredRecording> stat(RecordingKey key) throws IOException {
            return target.stat(key);
        }

        @Override
        public InputStream open(RecordingKey key) throws IOException {
            return target.open(key);
        }

        @Override
        public byte[] read(RecordingKey key, long offset, int length) throws IOException {
            return target.read(key, offset, length);
        }

        @Override
        public List<StoredRecording> list(String hospital) throws IOException {
            return target.list(hospital);
        }

        @Override
        public void delete(RecordingKey key) throws IOException {
            target.delete(key);
        }

        @Override
        public Optional<String> immutability() {
            return target.immutability();
        }
    }
}
