package dev.hoshu.broker.recording.archive;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How long each hospital's recordings are kept, and the legal holds that keep some longer (ADR 26). A hospital
 * without a retention keeps its recordings for ever; a held hospital or session is never expired.
 *
 * @param defaultDays days for hospitals not named in {@code hospitals}, or {@code null} for no expiry
 * @param hospitals   days per hospital id
 * @param legalHolds  hospital ids ({@code hosp-a}) and recordings ({@code hosp-a/s-123}) under legal hold
 */
public record RetentionRules(Integer defaultDays, Map<String, Integer> hospitals, Set<String> legalHolds) {

    public RetentionRules {
        hospitals = hospitals == null ? Map.of() : Map.copyOf(hospitals);
        legalHolds = legalHolds == null ? Set.of() : Set.copyOf(legalHolds);
        if (defaultDays != null && defaultDays < 1) {
            throw new IllegalArgumentException("hoshu.recordings.retention.days must be at least 1, not " + defaultDays);
        }
        hospitals.forEach((hospital, days) -> {
            if (days == null || days < 1) {
                throw new IllegalArgumentException("hoshu.recordings.retention.hospitals." + hospital
                        + " must be at least 1 day, not " + days);
            }
        });
    }

    public static RetentionRules keepForever() {
        return new RetentionRules(null, Map.of(), Set.of());
    }

    /** The hospital's retention, or empty when its recordings do not expire. */
    public Optional<Duration> retention(String hospital) {
        Integer days = hospitals.getOrDefault(hospital, defaultDays);
        return days == null ? Optional.empty() : Optional.of(Duration.ofDays(days));
    }

    public boolean held(RecordingKey key) {
        return legalHolds.contains(key.hospital()) || legalHolds.contains(key.hospital() + "/" + key.session());
    }

    /** When a recording stored at {@code stored} may go, or empty when it may not (no retention, or held). */
    public Optional<Instant> expiry(RecordingKey key, Instant stored) {
        if (held(key)) {
            return Optional.empty();
        }
        return retention(key.hospital()).map(stored::plus);
    }
}
