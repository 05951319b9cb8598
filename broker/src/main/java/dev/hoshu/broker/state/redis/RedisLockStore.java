package dev.hoshu.broker.state.redis;

import dev.hoshu.broker.fleet.Cut;
import dev.hoshu.broker.state.Lock;
import dev.hoshu.broker.state.LockStore;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Locks in the hash {@code hoshu:{locks}:records}. A new lock is stored and announced on the cut channel in one
 * script, so every node that hears of it finds it stored, and no lock is stored without the announcement.
 */
public final class RedisLockStore implements LockStore {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RedisConnections redis;
    private final RedisRecords<Lock> locks;
    private final String channel;
    private final String node;

    /**
     * @param node the name of this node, so it does not apply its own lock twice
     */
    public RedisLockStore(RedisConnections redis, String node) {
        this.redis = redis;
        this.locks = new RedisRecords<>(redis, "locks", Lock.class, Lock::id);
        this.channel = RedisKeys.of(redis.settings()).cutChannel();
        this.node = node;
    }

    @Override
    public void insert(Lock lock) {
        locks.insert(lock, channel, JSON.writeValueAsString(Cut.lock(lock.id(), node, lock.by(), lock.reason())));
        // A lock acknowledged to a hospital must survive the master's failover (ADR 35).
        redis.awaitReplicas("lock " + lock.id());
    }

    @Override
    public Optional<Lock> find(String lockId) {
        return locks.find(lockId);
    }

    @Override
    public List<Lock> all() {
        return locks.all();
    }

    @Override
    public Optional<Lock> update(String lockId, UnaryOperator<Lock> change) {
        return locks.update(lockId, change, false);
    }
}
