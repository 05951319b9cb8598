package dev.hoshu.broker.state;

import java.util.Comparator;
import java.util.Optional;

/**
 * Policy versions in the collection {@code policies}. Two nodes appending the same version race on its id, and the
 * loser is refused, so versions stay consecutive across a fleet.
 */
public final class PolicyRecords implements PolicyStore {

    private final RecordCollection<PolicyVersion> versions;

    public PolicyRecords(RecordCollections collections) {
        this.versions = collections.open("policies", PolicyVersion.class, PolicyVersion::key);
    }

    @Override
    public Optional<PolicyVersion> latest(String hospital) {
        return versions.all().stream().filter(v -> v.hospital().equals(hospital))
                .max(Comparator.comparingInt(PolicyVersion::version));
    }

    @Override
    public void append(PolicyVersion version) {
        int newest = latest(version.hospital()).map(PolicyVersion::version).orElse(0);
        if (version.version() != newest + 1) {
            throw new IllegalStateException("policy of " + version.hospital() + " is at version " + newest
                    + ", not " + (version.version() - 1));
        }
        versions.insert(version);
    }
}
