package dev.hoshu.broker.state.redis;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the shared state lives ({@code hoshu.redis.*}), read only with {@code hoshu.state.backend: redis}.
 *
 * @param mode           {@code standalone}, {@code sentinel} or {@code cluster}
 * @param nodes          {@code host:port} of the server (standalone), the sentinels (sentinel) or some cluster nodes
 * @param masterName     the Sentinel master's name (sentinel only)
 * @param username       ACL user, or none
 * @param password       the password of that user (or of {@code requirepass}), or none
 * @param tls            connect with TLS, verifying the server against the JVM's trust store
 * @param keyPrefix      the first part of every key and channel, so fleets can share one Redis; letters, digits, -
 * @param connectTimeout how long connecting to one server may take
 * @param commandTimeout how long one command may take before the act it serves is refused
 * @param sessionTtl     how long a live session's directory entry holds without its node refreshing it
 * @param cutReplicas    how many replicas must hold a revocation or a lock before it is acknowledged (Redis
 *                       {@code WAIT}), so a failover cannot undo it; 1 by default under Sentinel, 0 otherwise
 */
@ConfigurationProperties("hoshu.redis")
public record RedisSettings(String mode, List<String> nodes, String masterName, String username, String password,
                            boolean tls, String keyPrefix, Duration connectTimeout, Duration commandTimeout,
                            Duration sessionTtl, Integer cutReplicas) {

    public RedisSettings {
        mode = mode == null || mode.isBlank() ? "standalone" : mode.strip().toLowerCase(Locale.ROOT);
        if (!List.of("standalone", "sentinel", "cluster").contains(mode)) {
            throw new IllegalArgumentException("hoshu.redis.mode must be standalone, sentinel or cluster, not " + mode);
        }
        nodes = nodes == null || nodes.isEmpty() ? List.of("127.0.0.1:6379")
                : nodes.stream().map(String::strip).toList();
        nodes.forEach(RedisSettings::checkedNode);
        if (mode.equals("sentinel") && (masterName == null || masterName.isBlank())) {
            throw new IllegalArgumentException("hoshu.redis.master-name is needed in sentinel mode");
        }
        keyPrefix = keyPrefix == null || keyPrefix.isBlank() ? "hoshu" : keyPrefix.strip();
        if (!keyPrefix.matches("[A-Za-z0-9-]{1,40}")) {
            throw new IllegalArgumentException("hoshu.redis.key-prefix must be 1 to 40 letters, digits or -, not "
                    + keyPrefix);
        }
        connectTimeout = positiveOr(connectTimeout, Duration.ofSeconds(2));
        commandTimeout = positiveOr(commandTimeout, Duration.ofSeconds(2));
        sessionTtl = positiveOr(sessionTtl, Duration.ofSeconds(30));
        cutReplicas = cutReplicas == null ? (mode.equals("sentinel") ? 1 : 0) : cutReplicas;
        if (cutReplicas < 0 || cutReplicas > 5) {
            throw new IllegalArgumentException("hoshu.redis.cut-replicas must be 0 to 5, not " + cutReplicas);
        }
        if (cutReplicas > 0 && mode.equals("cluster")) {
            // WAIT answers for the master it is sent to; a cluster connection cannot aim it at a record's master.
            throw new IllegalArgumentException("hoshu.redis.cut-replicas is not supported in cluster mode");
        }
        username = username == null || username.isBlank() ? null : username;
        password = password == null || password.isEmpty() ? null : password;
    }

    /** Standalone settings for one server, as tests and the quick start use them. */
    public static RedisSettings standalone(String node, String keyPrefix) {
        return new RedisSettings("standalone", List.of(node), null, null, null, false, keyPrefix, null, null, null, null);
    }

    public RedisSettings withKeyPrefix(String prefix) {
        return new RedisSettings(mode, nodes, masterName, username, password, tls, prefix, connectTimeout,
                commandTimeout, sessionTtl, cutReplicas);
    }

    public RedisSettings withSessionTtl(Duration ttl) {
        return new RedisSettings(mode, nodes, masterName, username, password, tls, keyPrefix, connectTimeout,
                commandTimeout, ttl, cutReplicas);
    }

    public RedisSettings withCutReplicas(int replicas) {
        return new RedisSettings(mode, nodes, masterName, username, password, tls, keyPrefix, connectTimeout,
                commandTimeout, sessionTtl, replicas);
    }

    /** The password is left out, so the settings can be logged. */
    @Override
    public String toString() {
        return "redis " + mode + " " + nodes + (masterName == null ? "" : " master " + masterName)
                + (tls ? " tls" : "") + " prefix " + keyPrefix;
    }

    static URI checkedNode(String node) {
        try {
            URI uri = URI.create("redis://" + node);
            if (uri.getHost() == null || uri.getPort() < 1 || uri.getPath() != null && !uri.getPath().isEmpty()) {
                throw new IllegalArgumentException();
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("hoshu.redis.nodes: " + node + " is not host:port");
        }
    }

    private static Duration positiveOr(Duration value, Duration otherwise) {
        return value == null || value.isNegative() || value.isZero() ? otherwise : value;
    }
}
