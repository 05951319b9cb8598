package dev.hoshu.broker.state.redis;

import dev.hoshu.broker.fleet.NodeSession;
import dev.hoshu.broker.fleet.SessionDirectory;
import dev.hoshu.broker.killswitch.LiveSession;
import java.time.Clock;
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
 * node and when the entry lapses). Redis 7.0 cannot expire one field of a hash, so each entry carries its own end;
 * readers ignore lapsed entries and delete them.
 */
public final class RedisSessionDirectory implements SessionDirectory {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RedisConnections redis;
    private final String key;
    private final Duration ttl;
    private final Clock clock;

    public RedisSessionDirectory(RedisConnections redis, Clock clock) {
        this.redis = redis;
        this.key = RedisKeys.of(redis.settings()).liveSessions();
        this.ttl = redis.settings().sessionTtl();
        this.clock = clock;
    }

    @Override
    public void held(String node, List<LiveSession> sessions) {
        if (sessions.isEmpty()) {
            return;
        }
        Instant until = clock.instant().plus(ttl);
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
        return Optional.ofNullable(redis.call(c -> c.hget(key, sessionId))).flatMap(this::read)
                .filter(this::current);
    }

    @Override
    public List<NodeSession> all() {
        List<NodeSession> current = new ArrayList<>();
        List<String> lapsed = new ArrayList<>();
        redis.call(c -> c.hgetall(key)).forEach((id, json) -> read(json).filter(this::current)
                .ifPresentOrElse(current::add, () -> lapsed.add(id)));
        if (!lapsed.isEmpty()) {
            redis.call(c -> c.hdel(key, lapsed.toArray(String[]::new)));
        }
        return current;
    }

    private boolean current(NodeSession entry) {
        return clock.instant().isBefore(entry.until());
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
