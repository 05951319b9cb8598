package dev.hoshu.broker.state;

import dev.hoshu.access.Grant;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Grants in {@code state/grants.json}. */
public final class FileGrantStore implements GrantStore {

    private final JsonCollection<Grant> grants;
    private final Clock clock;
    /** Revocations the disk refused: they still hold here, so a full disk never undoes a kill. */
    private final Map<String, Grant> unsavedRevocations = new ConcurrentHashMap<>();

    public FileGrantStore(Path stateDir, Clock clock) {
        this.grants = new JsonCollection<>(stateDir.resolve("grants.json"), Grant.class, Grant::id);
        this.clock = clock;
    }

    @Override
    public void insert(Grant grant) {
        grants.insert(grant);
    }

    @Override
    public Optional<Grant> find(String grantId) {
        Grant revoked = unsavedRevocations.get(grantId);
        return revoked != null ? Optional.of(revoked) : grants.find(grantId);
    }

    @Override
    public List<Grant> all() {
        return grants.all();
    }

    /** The first revocation wins: its time and reason are what the audit trail must keep. */
    @Override
    public void revoke(String grantId, String reason) {
        try {
            grants.update(grantId, grant -> grant.revokedAt() != null ? grant : revoked(grant, reason));
        } catch (RuntimeException e) {
            grants.find(grantId).filter(grant -> grant.revokedAt() == null)
                    .ifPresent(grant -> unsavedRevocations.put(grantId, revoked(grant, reason)));
            throw e;
        }
    }

    private Grant revoked(Grant grant, String reason) {
        return grant.revoked(clock.instant(), reason);
    }
}
