package dev.hoshu.broker.recording.archive;

import dev.hoshu.broker.audit.AuditTrail;
import dev.hoshu.broker.audit.AuditedAct;
import dev.hoshu.tools.Sha256;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves recordings no session writes any more from the local folder to the archive (and copies them to the
 * immutable copy, if there is one). The local file is removed only once the archive's copy is confirmed by its
 * SHA-256 and the upload is in the audit log; until then it stays, and the next pass tries again. Unsealed
 * recordings left by a crash are found by the first pass after a start and moved the same way.
 */
public final class ArchiveUploads implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ArchiveUploads.class);
    static final String ACTOR = "broker";

    private final FolderArchive local;
    private final RecordingArchive archive;
    private final RecordingArchive copy;
    private final Predicate<Path> stillWritten;
    private final RetentionRules retention;
    private final Duration copyLock;
    private final AuditTrail audit;
    private final Clock clock;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "hoshu-recording-upload");
        thread.setDaemon(true);
        return thread;
    });
    // Recordings whose upload has failed and not yet succeeded, with the first reason: the audit log gets one event
    // per failing spell, not one per retry. Keyed on the recording alone because one refusal reads differently from
    // try to try (a bucket that answers 400 to one request may cut the next one off mid-body).
    private final Map<RecordingKey, String> failing = new ConcurrentHashMap<>();
    private volatile int notYetArchived;

    /**
     * @param archive      where recordings go, or {@code null} when they stay in the local folder
     * @param copy         the immutable copy, or {@code null}
     * @param stillWritten true for a local file a session still writes
     * @param copyLock     how long the copy's store keeps each object locked, where it can lock
     */
    public ArchiveUploads(FolderArchive local, RecordingArchive archive, RecordingArchive copy,
                          Predicate<Path> stillWritten, RetentionRules retention, Duration copyLock,
                          AuditTrail audit, Clock clock) {
        if (archive == null && copy == null) {
            throw new IllegalArgumentException("nothing to upload to: neither an archive nor an immutable copy");
        }
        this.local = Objects.requireNonNull(local, "local");
        this.archive = archive;
        this.copy = copy;
        this.stillWritten = Objects.requireNonNull(stillWritten, "stillWritten");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.copyLock = Objects.requireNonNull(copyLock, "copyLock");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Runs a pass now (recordings left by an earlier run) and then every {@code retry}. */
    public void start(Duration retry) {
        worker.scheduleWithFixedDelay(this::passQuietly, 0, retry.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Asks for a pass soon, e.g. because a session just sealed its recording. */
    public void soon() {
        if (!worker.isShutdown()) {
            worker.execute(this::passQuietly);
        }
    }

    private void passQuietly() {
        try {
            pass();
        } catch (RuntimeException e) {
            log.error("recording upload pass failed: {}", e.toString());
        }
    }

    /** Finished recordings the last pass could not yet move to the archive: their only copy is this node's disk. */
    public int waiting() {
        return notYetArchived;
    }

    /** One pass over the local folder. @return how many recordings are still waiting */
    public synchronized int pass() {
        List<StoredRecording> waiting;
        try {
            waiting = local.list(null);
        } catch (IOException e) {
            log.error("the local recordings folder cannot be listed: {}", e.toString());
            return -1;
        }
        int left = 0;
        for (StoredRecording recording : waiting) {
            Path file = local.fileOf(recording.key());
            if (stillWritten.test(file)) {
                continue;
            }
            if (!move(recording, file)) {
                left++;
            }
        }
        notYetArchived = left;
        return left;
    }

    private boolean move(StoredRecording recording, Path file) {
        RecordingKey key = recording.key();
        try {
            String sha256 = null;
            if (copy != null && copy.stat(key).isEmpty()) {
                sha256 = Sha256.hexOf(file);
                copy.put(key, file, sha256, clock.instant().plus(copyLock));
                new AuditedAct(audit, "recording.copy", ACTOR, null).about(key.hospital(), key.session())
                        .detail("store", copy.describe()).detail("sha256", sha256)
                        .detail("bytes", String.valueOf(recording.size())).allow();
                log.info("recording {} copied to {} (SHA-256 {})", key, copy.describe(), sha256);
            }
            if (archive == null) {
                failing.remove(key);
                return true;
            }
            if (sha256 == null) {
                sha256 = Sha256.hexOf(file);
            }
            Instant retainUntil = retention.retention(key.hospital()).map(clock.instant()::plus).orElse(null);
            archive.put(key, file, sha256, retainUntil);
            // In the audit log before the local file goes: an upload that cannot be audited keeps its local copy.
            new AuditedAct(audit, "recording.upload", ACTOR, null).about(key.hospital(), key.session())
                    .detail("store", archive.describe()).detail("sha256", sha256)
                    .detail("bytes", String.valueOf(recording.size())).allow();
            local.delete(key);
            failing.remove(key);
            log.info("recording {} moved to {} (SHA-256 {} confirmed); local copy removed", key, archive.describe(), sha256);
            return true;
        } catch (IOException | RuntimeException e) {
            failed(key, e);
            return false;
        }
    }

    private void failed(RecordingKey key, Exception e) {
        String reason = oneLine(e);
        log.warn("recording {} kept on local disk: upload failed ({}); retrying", key, reason);
        if (failing.putIfAbsent(key, reason) != null) {
            return;
        }
        try {
            new AuditedAct(audit, "recording.upload", ACTOR, null).about(key.hospital(), key.session())
                    .detail("store", Optional.ofNullable(archive).orElse(copy).describe())
                    .detail("kept", "local disk").refuse("upload failed, kept on local disk and retried: " + reason);
        } catch (RuntimeException auditDown) {
            failing.remove(key);
            log.error("the failed upload of {} could not be audited: {}", key, auditDown.toString());
        }
    }

    private static String oneLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("[\\p{Cntrl}]+", " ").strip();
    }

    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
