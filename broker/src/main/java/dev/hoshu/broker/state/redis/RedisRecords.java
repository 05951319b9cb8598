package dev.hoshu.broker.state.redis;

import dev.hoshu.broker.state.RecordCollection;
import io.lettuce.core.ScriptOutputType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * One collection of records as one Redis hash ({@code <prefix>:{<name>}:records}, field = id, value = the record's
 * JSON). A change is a compare-and-set in one Lua script: it writes only if the record is still the one the change
 * was computed from, and is retried from a fresh read otherwise, so two nodes changing one record never lose either
 * change. A single hash needs no cross-slot operation, so it works the same on a Cluster.
 */
final class RedisRecords<T> implements RecordCollection<T> {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Absent is spelt as the empty string: no record's JSON is empty. */
    private static final String COMPARE_AND_SET = """
            local current = redis.call('HGET', KEYS[1], ARGV[1])
            if current == false then current = '' end
            if current ~= ARGV[2] then return 0 end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
            if ARGV[4] ~= '' then redis.call('PUBLISH', ARGV[4], ARGV[5]) end
            return 1
            """;
    private static final int MAX_ATTEMPTS = 50;

    private final RedisConnections redis;
    private final String key;
    private final Class<T> type;
    private final Function<T, String> idOf;

    RedisRecords(RedisConnections redis, String name, Class<T> type, Function<T, String> idOf) {
        this.redis = redis;
        this.key = RedisKeys.of(redis.settings()).records(name);
        this.type = type;
        this.idOf = idOf;
    }

    @Override
    public Optional<T> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(redis.call(c -> c.hget(key, id))).map(this::read);
    }

    @Override
    public List<T> all() {
        List<T> records = new ArrayList<>();
        redis.call(c -> c.hvals(key)).forEach(json -> records.add(read(json)));
        return records;
    }

    @Override
    public void insert(T record) {
        insert(record, null, null);
    }

    /** Adds a record whose id must be new and, in the same step, publishes {@code message} on {@code channel}. */
    void insert(T record, String channel, String message) {
        String id = idOf.apply(record);
        if (!compareAndSet(id, "", write(record), channel, message)) {
            throw new IllegalStateException("duplicate id " + id + " in " + key);
        }
    }

    @Override
    public void put(T record) {
        redis.call(c -> c.hset(key, idOf.apply(record), write(record)));
    }

    @Override
    public Optional<T> update(String id, UnaryOperator<T> change) {
        return update(id, change, false);
    }

    @Override
    public T merge(String id, UnaryOperator<T> change) {
        return update(id, change, true).orElseThrow();
    }

    /**
     * Replaces the record with {@code change(current)}; {@code current} is {@code null} when there is none only if
     * {@code create} is true. Returning the same instance writes nothing; throwing refuses and writes nothing.
     *
     * @return the record after the change, or empty if there is none and {@code create} is false
     */
    Optional<T> update(String id, UnaryOperator<T> change, boolean create) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            String currentJson = redis.call(c -> c.hget(key, id));
            if (currentJson == null && !create) {
                return Optional.empty();
            }
            T current = currentJson == null ? null : read(currentJson);
            T next = change.apply(current);
            if (next == current) {
                return Optional.ofNullable(current);
            }
            if (!idOf.apply(next).equals(id)) {
                throw new IllegalArgumentException("a change must keep the id " + id);
            }
            if (compareAndSet(id, currentJson == null ? "" : currentJson, write(next), null, null)) {
                return Optional.of(next);
            }
        }
        throw new IllegalStateException("record " + id + " in " + key + " changed under " + MAX_ATTEMPTS
                + " attempts in a row");
    }

    private boolean compareAndSet(String id, String expected, String next, String channel, String message) {
        Long done = redis.call(c -> c.eval(COMPARE_AND_SET, ScriptOutputType.INTEGER, new String[] {key},
                id, expected, next, channel == null ? "" : channel, message == null ? "" : message));
        return done != null && done == 1L;
    }

    private T read(String json) {
        try {
            return JSON.readValue(json, type);
        } catch (JacksonException e) {
            // Fail closed: a record nobody can read must not be taken for an absent one.
            throw new IllegalStateException("unreadable " + type.getSimpleName() + " in " + key + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    private String write(T record) {
        return JSON.writeValueAsString(record);
    }
}
