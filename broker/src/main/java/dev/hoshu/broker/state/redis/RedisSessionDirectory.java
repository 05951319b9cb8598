package dev.hoshu.broker.state.redis;

import io.lettuce.core.ScriptOutputType;
import dev.hoshu.broker.fleet.NodeSession;
import dev.hoshu.broker.fleet.SessionDirectory;
import dev.hoshu.broker.killswitch.LiveSession;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fleet's live sessions in the hash {@code hoshu:{sessions}:live} (field = session id, value = the session, its
 * node and when the entry lapses). Redis 7.0 cannot expire one field of a hash, so each entry carries its own end.
 * Every "now" is the Redis server's {@code TIME}, not a node's clock, so a node whose clock runs ahead cannot lapse
 * the entries of the others; and a reader deletes a lapsed entry only if it is still the very one it read, so an
 * entry its node refreshed meanwhile is never removed.
 */
public final class RedisSessionDirectory implements SessionDirectory {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Sent with the directory's key, so on a Cluster it is the clock of the master that holds the entries. */
    private static final String NOW = "return redis.call('TIME')";
    /** ARGV = id, json, id, json, ...: each field is deleted only if it still holds exactly that json. */
    private static final String DELETE_IF_UNCHANGED = """
            local deleted = 0
            for i = 1, #ARGV, 2 do
              if redis.call('HGET', KEYS[1], ARGV[i]) == ARGV[i + 1] then
                deleted = deleted + redis.call('HDEL', KEYS[1], ARGV[i])
              end
            end
            return deleted
            """;

    private final RedisConnections redis;
    private final String key;
    private final Duration ttl;

    public RedisSessionDirectory(RedisConnections redis) {
        this.redis = redis;
        this.key = RedisKeys.of(redis.settings()).liveSessions();
        this.ttl = redis.settings().sessionTtl();
    }

    @Override
    public void held(String node, List<LiveSession> sessions) {
        if (sessions.isEmpty()) {
            return;
        }
        Instant until = now().plus(ttl);
        Map<String, String> entries = new LinkedHashMap<>();
        sessions.forEach(s -> entries.put(s.id(), JSON.writeValueAsString(new NodeSession(s, node, until))));
        redis.call(c -> c.hset(key, entries));
    }

    @Override
    public void released(String sessionId) {
        redis.call(c -> c.hdel(key, sessionId));
    }

    @Override
    public Optional<NodeSession> locate(String sessionId) {
        if (sessionId == null) {
            return Optional.empty();
        }
        Instant now = now();
        return Optional.ofNullable(redis.call(c -> c.hget(key, sessionId))).flatMap(this::read)
                .filter(entry -> now.isBefore(entry.until()));
    }

    @Override
    public List<NodeSession> all() {
        Instant now = now();
        List<NodeSession> current = new ArrayList<>();
        Map<String, String> lapsed = new LinkedHashMap<>();
        redis.call(c -> c.hgetall(key)).forEach((id, json) -> read(json).filter(entry -> now.isBefore(entry.until()))
                .ifPresentOrElse(current::add, () -> lapsed.put(id, json)));
        removeUnchanged(lapsed);
        return current;
    }

    /** Deletes each entry that still holds exactly the JSON read; one its node refreshed since then stays. */
    long removeUnchanged(Map<String, String> read) {
        if (read.isEmpty()) {
            return 0;
        }
        List<String> pairs = new ArrayList<>();
        read.forEach((id, json) -> {
            pairs.add(id);
            pairs.add(json);
        });
        Long deleted = redis.call(c -> c.eval(DELETE_IF_UNCHANGED, ScriptOutputType.INTEGER, new String[] {key},
                pairs.toArray(String[]::new)));
        return deleted == null ? 0 : deleted;
    }

    /** The Redis server's time. */
    private Instant now() {
        List<Object> time = redis.call(c -> c.eval(NOW, ScriptOutputType.MULTI, new String[] {key}));
        return Instant.ofEpochSecond(Long.parseLong(String.valueOf(time.get(0))),
                Long.parseLong(String.valueOf(time.get(1))) * 1_000);
    }

    /** An entry nobody can read is dropped like a lapsed one: the node that holds the session writes it again. */
    private Optional<NodeSession> read(String json) {
        try {
            return Optional.of(JSON.readValue(json, NodeSession.class));
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }
}
