package dev.hoshu.broker.state.redis;

import dev.hoshu.broker.peering.TunnelDirectory;
import dev.hoshu.broker.peering.TunnelHolder;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tunnel directory on Redis: one key per device, {@code hoshu:{tunnels}:CT-01} = the holder's JSON, expiring after
 * {@code ttl} unless its node refreshes it. Refreshing and releasing compare the stored value with the node's own in
 * one script, so a node never extends or removes the registration another node made since.
 */
public final class RedisTunnelDirectory implements TunnelDirectory {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String REFRESH = """
            local v = redis.call('GET', KEYS[1])
            if v == false or v == ARGV[1] then
              redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
              return 1
            end
            return 0""";
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0""";

    private final RedisConnections redis;
    private final RedisKeys keys;
    private final Duration ttl;

    public RedisTunnelDirectory(RedisConnections redis, Duration ttl) {
        this.redis = redis;
        this.keys = RedisKeys.of(redis.settings());
        this.ttl = ttl;
    }

    @Override
    public void register(String device, TunnelHolder holder) {
        redis.call(c -> c.set(keys.tunnelOf(device), JSON.writeValueAsString(holder),
                SetArgs.Builder.px(ttl.toMillis())));
    }

    @Override
    public void refresh(Map<String, TunnelHolder> held) {
        held.forEach((device, holder) -> redis.call(c -> c.eval(REFRESH, ScriptOutputType.INTEGER,
                new String[] {keys.tunnelOf(device)}, JSON.writeValueAsString(holder),
                Long.toString(ttl.toMillis()))));
    }

    @Override
    public void release(String device, TunnelHolder holder) {
        redis.call(c -> c.eval(RELEASE, ScriptOutputType.INTEGER, new String[] {keys.tunnelOf(device)},
                JSON.writeValueAsString(holder)));
    }

    @Override
    public Duration ttl() {
        return ttl;
    }

    @Override
    public Optional<TunnelHolder> holder(String device) {
        if (device == null) {
            return Optional.empty();
        }
        String json = redis.call(c -> c.get(keys.tunnelOf(device)));
        if (json == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(json, TunnelHolder.class));
        } catch (JacksonException e) {
            // Fail closed: an entry nobody can read routes nowhere; its node writes it again on its next refresh.
            throw new dev.hoshu.broker.state.StateUnavailableException("the tunnel directory's entry for device "
                    + device + " is unreadable", e);
        }
    }
}
