package dev.hoshu.broker.state;

import java.time.Instant;

/**
 * One applied version of a hospital's policy document, kept with every earlier one so any past decision can be
 * read against the policy that made it.
 *
 * @param yaml the document exactly as the hospital admin applied it
 */
public record PolicyVersion(String hospital, int version, String yaml, String appliedBy, Instant appliedAt) {

    public String key() {
        return hospital + "#" + version;
    }
}
