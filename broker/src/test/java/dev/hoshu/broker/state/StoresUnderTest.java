package dev.hoshu.broker.state;

import dev.hoshu.broker.state.redis.RedisConnections;
import dev.hoshu.broker.state.redis.RedisDeviceStore;
import dev.hoshu.broker.state.redis.RedisGrantStore;
import dev.hoshu.broker.state.redis.RedisJoinTokenStore;
import dev.hoshu.broker.state.redis.RedisLockStore;
import dev.hoshu.broker.state.redis.RedisRecordCollections;
import dev.hoshu.broker.state.redis.RedisRequestStore;
import dev.hoshu.broker.state.redis.RedisSettings;
import dev.hoshu.broker.state.redis.SharedRedis;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The stores of one backend for a contract test: {@code file} (JSON files in a temp folder) or a real Redis
 * deployment ({@code standalone}, {@code cluster}, {@code sentinel}) under a key prefix of the test's own.
 * Each call opens a new store over the same data (the file read again, a new Redis connection), as a restarted or
 * a second node would.
 */
final class StoresUnderTest implements AutoCloseable {

    /** Every backend the contract runs against. */
    static final String[] BACKENDS = {"file", "standalone", "cluster", "sentinel"};

    private final String backend;
    private final Path dir;
    private final RedisSettings settings;
    private final Clock clock;
    private final List<RedisConnections> opened = new ArrayList<>();

    private StoresUnderTest(String backend, Path dir, RedisSettings settings, Clock clock) {
        this.backend = backend;
        this.dir = dir;
        this.settings = settings;
        this.clock = clock;
    }

    static StoresUnderTest open(String backend, Path dir, SharedRedis.Deployments redis, Clock clock) {
        RedisSettings settings = backend.equals("file") ? null
                : redis.get(backend).settings("t" + Ids.random(8));
        return new StoresUnderTest(backend, dir, settings, clock);
    }

    String backend() {
        return backend;
    }

    /**
     * The store a second node would use: a new one over the same Redis data; for the file backend, which serves one
     * node only, the same object.
     */
    <S> S secondNode(S first, java.util.function.Supplier<S> open) {
        return settings == null ? first : open.get();
    }

    RedisSettings redisSettings() {
        return settings;
    }

    private RedisConnections redis() {
        RedisConnections connections = RedisConnections.open(settings);
        opened.add(connections);
        return connections;
    }

    RequestStore requests() {
        return settings == null ? new FileRequestStore(dir) : new RedisRequestStore(redis());
    }

    GrantStore grants() {
        return settings == null ? new FileGrantStore(dir, clock) : new RedisGrantStore(redis(), clock);
    }

    LockStore locks() {
        return settings == null ? new FileLockStore(dir) : new RedisLockStore(redis(), "node-a");
    }

    DeviceStore devices() {
        return settings == null ? new FileDeviceStore(dir) : new RedisDeviceStore(redis());
    }

    JoinTokenStore tokens() {
        return settings == null ? new FileJoinTokenStore(dir) : new RedisJoinTokenStore(redis());
    }

    /** Every other store's records: a JSON file in the folder, or a hash on Redis. */
    RecordCollections collections() {
        return settings == null ? RecordCollections.inFolder(dir) : new RedisRecordCollections(redis());
    }

    @Override
    public void close() {
        opened.forEach(RedisConnections::close);
    }
}
