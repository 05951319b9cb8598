package dev.hoshu.broker.state.redis;

import dev.hoshu.access.Grant;
import dev.hoshu.broker.state.GrantStore;
import dev.hoshu.broker.state.StateUnavailableException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Grants in the hash {@code hoshu:{grants}:records}. A revocation Redis could not take is held on this node and
 * written as soon as Redis answers again, so an outage never undoes a kill.
 */
public final class RedisGrantStore implements GrantStore {

    private static final Logger log = LoggerFactory.getLogger(RedisGrantStore.class);

    private record Revocation(Instant at, String reason) {
    }

    private final RedisConnections redis;
    private final RedisRecords<Grant> grants;
    private final Clock clock;
    private final Map<String, Revocation> unsaved = new ConcurrentHashMap<>();

    public RedisGrantStore(RedisConnections redis, Clock clock) {
        this.redis = redis;
        this.grants = new RedisRecords<>(redis, "grants", Grant.class, Grant::id);
        this.clock = clock;
    }

    @Override
    public void insert(Grant grant) {
        grants.insert(grant);
    }

    @Override
    public Optional<Grant> find(String grantId) {
        writeUnsaved();
        return grants.find(grantId).map(this::withUnsaved);
    }

    @Override
    public List<Grant> all() {
        writeUnsaved();
        return grants.all().stream().map(this::withUnsaved).toList();
    }

    /**
     * The first revocation wins: its time and reason are what the audit trail must keep. Returns only once the
     * revocation is in Redis and on as many replicas as the settings ask, so every node, even after a failover,
     * refuses the grant from then on (ADR 35); otherwise throws and the caller must not say it is revoked.
     */
    @Override
    public void revoke(String grantId, String reason) {
        unsaved.putIfAbsent(grantId, new Revocation(clock.instant(), reason));
        writeUnsaved();
        if (unsaved.containsKey(grantId)) {
            log.error("grant {} is revoked on this node only until Redis answers again", grantId);
            throw new StateUnavailableException("grant " + grantId + " revoked on this node only", null);
        }
        redis.awaitReplicas("the revocation of grant " + grantId);
    }

    private Grant withUnsaved(Grant grant) {
        Revocation revocation = unsaved.get(grant.id());
        return revocation == null || grant.revokedAt() != null ? grant : grant.revoked(revocation.at(), revocation.reason());
    }

    /**
     * Writes the revocations held on this node. The fleet calls it on every session-directory refresh: a node whose
     * revocation Redis could not take may have no session left to read a grant for, and another node would go on
     * admitting the grant until this node next read one.
     */
    public void writeHeldRevocations() {
        writeUnsaved();
    }

    private void writeUnsaved() {
        unsaved.forEach((id, revocation) -> {
            try {
                grants.update(id, stored -> stored.revokedAt() != null ? stored
                        : stored.revoked(revocation.at(), revocation.reason()), false);
                unsaved.remove(id);
            } catch (StateUnavailableException e) {
                // Still unreachable: kept for the next call that reaches Redis.
            }
        });
    }
}
