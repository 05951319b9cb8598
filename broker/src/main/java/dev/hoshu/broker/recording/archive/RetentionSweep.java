package dev.hoshu.broker.recording.archive;

import dev.hoshu.broker.audit.AuditTrail;
import dev.hoshu.broker.audit.AuditedAct;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes recordings whose hospital's retention has passed, counted from when the store last wrote them (which is
 * after the session ended), from the local folder and the archive; never a held one, never one a session still
 * writes, and never from the immutable copy, which it is not given. Each deletion is a {@code recording.expire}
 * audit event written before it: no audit, no deletion.
 */
public final class RetentionSweep implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RetentionSweep.class);

    private final List<RecordingArchive> stores;
    private final Predicate<RecordingKey> stillWritten;
    private final RetentionRules rules;
    private final AuditTrail audit;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "hoshu-recording-retention");
        thread.setDaemon(true);
        return thread;
    });

    /** @param stores the stores it may delete from: the local folder and the archive, never the copy */
    public RetentionSweep(List<RecordingArchive> stores, Predicate<RecordingKey> stillWritten, RetentionRules rules,
                          AuditTrail audit, Clock clock) {
        this.stores = List.copyOf(stores);
        this.stillWritten = Objects.requireNonNull(stillWritten, "stillWritten");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Sweeps a minute after the start, then every {@code interval} (a day by default). */
    public void start(Duration interval) {
        timer.scheduleWithFixedDelay(() -> {
            try {
                sweep();
            } catch (RuntimeException e) {
                log.error("recording retention sweep failed: {}", e.toString());
            }
        }, 60_000, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** @return how many recordings it deleted */
    public synchronized int sweep() {
        Instant now = clock.instant();
        int deleted = 0;
        for (RecordingArchive store : stores) {
            List<StoredRecording> recordings;
            try {
                recordings = store.list(null);
            } catch (IOException e) {
                log.error("retention sweep could not list {}: {}", store.describe(), e.getMessage());
                continue;
            }
            for (StoredRecording recording : recordings) {
                Optional<Instant> expiry = rules.expiry(recording.key(), recording.stored());
                if (expiry.isEmpty() || expiry.get().isAfter(now) || stillWritten.test(recording.key())) {
                    continue;
                }
                if (expire(store, recording, expiry.get())) {
                    deleted++;
                }
            }
        }
        return deleted;
    }

    private boolean expire(RecordingArchive store, StoredRecording recording, Instant expiry) {
        RecordingKey key = recording.key();
        String days = String.valueOf(rules.retention(key.hospital()).orElseThrow().toDays());
        try {
            new AuditedAct(audit, "recording.expire", ArchiveUploads.ACTOR, null).about(key.hospital(), key.session())
                    .detail("store", store.describe()).detail("stored", recording.stored().toString())
                    .detail("retentionDays", days).allow();
        } catch (RuntimeException auditDown) {
            log.error("recording {} not expired: the audit log cannot be written ({})", key, auditDown.getMessage());
            return false;
        }
        try {
            store.delete(key);
            log.info("recording {} expired from {}: stored {}, retention {} days", key, store.describe(),
                    recording.stored(), days);
            return true;
        } catch (IOException e) {
            log.error("recording {} past its retention could not be deleted from {}: {}", key, store.describe(),
                    e.getMessage());
            try {
                new AuditedAct(audit, "recording.expire", ArchiveUploads.ACTOR, null).about(key.hospital(), key.session())
                        .detail("store", store.describe()).refuse("the store refused the deletion: " + e.getMessage());
            } catch (RuntimeException ignored) {
                // Already in the broker log; the next sweep tries again.
            }
            return false;
        }
    }

    /** For a {@link FolderArchive} of live recordings: whether a session still writes the key's file. */
    public static Predicate<RecordingKey> writtenIn(FolderArchive local, Predicate<Path> stillWritten) {
        return key -> stillWritten.test(local.fileOf(key));
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
