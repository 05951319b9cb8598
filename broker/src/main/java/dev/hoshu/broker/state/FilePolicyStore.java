package dev.hoshu.broker.state;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;

/** Policy versions in {@code state/policies.json}. */
public final class FilePolicyStore implements PolicyStore {

    private final JsonCollection<PolicyVersion> versions;

    public FilePolicyStore(Path stateDir) {
        this.versions = new JsonCollection<>(stateDir.resolve("policies.json"), PolicyVersion.class, PolicyVersion::key);
    }

    @Override
    public Optional<PolicyVersion> latest(String hospital) {
        return versions.all().stream().filter(v -> v.hospital().equals(hospital))
                .max(Comparator.comparingInt(PolicyVersion::version));
    }

    @Override
    public synchronized void append(PolicyVersion version) {
        int newest = latest(version.hospital()).map(PolicyVersion::version).orElse(0);
        if (version.version() != newest + 1) {
            throw new IllegalStateException("policy of " + version.hospital() + " is at version " + newest
                    + ", not " + (version.version() - 1));
        }
        versions.insert(version);
    }
}
