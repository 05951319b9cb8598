package dev.hoshu.api.service;

import java.time.Instant;
import java.util.List;

/**
 * A hospital's policy in force.
 *
 * @param version 0 for the secure default of a hospital that never applied one
 * @param yaml    the document, or {@code null} for the default
 * @param diff    on apply, the changed lines ({@code -old}, {@code +new}); else empty
 */
public record PolicyView(String hospital, int version, String yaml, String appliedBy, Instant appliedAt,
                         List<String> diff) {

    public PolicyView {
        diff = diff == null ? List.of() : List.copyOf(diff);
    }
}
