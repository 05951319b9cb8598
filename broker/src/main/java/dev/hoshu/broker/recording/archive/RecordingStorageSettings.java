package dev.hoshu.broker.recording.archive;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code hoshu.recordings.*}: where sealed recordings are kept, how long, and their immutable copy. Live
 * recordings are always written to {@code <data-dir>/recordings} first, whatever is chosen here.
 *
 * @param store       {@code disk} (default: they stay in the local folder) or {@code s3}
 * @param s3          the bucket when {@code store} is {@code s3}
 * @param uploadRetry how often recordings waiting for their upload (or copy) are tried again (30 s)
 * @param retention   days per hospital and legal holds (ADR 26)
 * @param copy        the immutable copy (REQ-OPS-2), off by default
 */
@ConfigurationProperties("hoshu.recordings")
public record RecordingStorageSettings(String store, S3Settings s3, Duration uploadRetry, Retention retention,
                                       Copy copy) {

    /**
     * @param days          for every hospital not in {@code hospitals}; unset keeps recordings for ever
     * @param hospitals     days per hospital id
     * @param legalHolds    hospital ids or {@code hospital/session} names never expired while listed
     * @param sweepInterval how often the sweep runs (a day)
     */
    public record Retention(Integer days, Map<String, Integer> hospitals, List<String> legalHolds,
                            Duration sweepInterval) {

        public Retention {
            sweepInterval = sweepInterval == null ? Duration.ofDays(1) : sweepInterval;
            if (sweepInterval.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("hoshu.recordings.retention.sweep-interval must be at least 1s, not "
                        + sweepInterval);
            }
        }

        RetentionRules rules() {
            return new RetentionRules(days, hospitals, legalHolds == null ? Set.of() : Set.copyOf(legalHolds));
        }
    }

    /**
     * @param store    {@code none} (default), {@code folder} (a write-once folder) or {@code s3}
     * @param folder   the folder when {@code store} is {@code folder}; best on another disk or a WORM mount
     * @param s3       the bucket when {@code store} is {@code s3}, best with object lock in COMPLIANCE mode
     * @param lockDays how long each copy is locked where the store can lock (3650 days)
     */
    public record Copy(String store, Path folder, S3Settings s3, Integer lockDays) {

        public Copy {
            store = lowerCase(store, "none");
            lockDays = lockDays == null ? 3650 : lockDays;
            if (!List.of("none", "folder", "s3").contains(store)) {
                throw new IllegalArgumentException("hoshu.recordings.copy.store must be none, folder or s3, not " + store);
            }
            if (store.equals("folder") && folder == null) {
                throw new IllegalArgumentException("hoshu.recordings.copy.folder is required for a folder copy");
            }
            if (store.equals("s3") && s3 == null) {
                throw new IllegalArgumentException("hoshu.recordings.copy.s3.bucket is required for an S3 copy");
            }
            if (lockDays < 1) {
                throw new IllegalArgumentException("hoshu.recordings.copy.lock-days must be at least 1, not " + lockDays);
            }
        }
    }

    public RecordingStorageSettings {
        store = lowerCase(store, "disk");
        uploadRetry = uploadRetry == null ? Duration.ofSeconds(30) : uploadRetry;
        retention = retention == null ? new Retention(null, null, null, null) : retention;
        copy = copy == null ? new Copy(null, null, null, null) : copy;
        if (!store.equals("disk") && !store.equals("s3")) {
            throw new IllegalArgumentException("hoshu.recordings.store must be disk or s3, not " + store);
        }
        if (store.equals("s3") && s3 == null) {
            throw new IllegalArgumentException("hoshu.recordings.s3.bucket is required when hoshu.recordings.store is s3");
        }
        if (uploadRetry.compareTo(Duration.ofMillis(100)) < 0) {
            throw new IllegalArgumentException("hoshu.recordings.upload-retry must be at least 100ms, not " + uploadRetry);
        }
    }

    private static String lowerCase(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.strip().toLowerCase(Locale.ROOT);
    }
}
