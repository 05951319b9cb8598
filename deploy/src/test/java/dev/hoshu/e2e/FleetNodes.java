package dev.hoshu.e2e;

import java.util.ArrayList;
import java.util.List;

/** What every test of several packaged broker nodes on one redis-server shares: the node options and the stop. */
final class FleetNodes {

    private FleetNodes() {
    }

    /**
     * The options of one fleet node: state on {@code redis} under {@code keyPrefix}, its own name, a peer port of its
     * own on loopback, and a session directory that lapses in 5 s so the nodes see each other's sessions at once.
     */
    static String[] options(RedisServer redis, String keyPrefix, String node, String... more) {
        return options(redis.address(), keyPrefix, node, more);
    }

    /** The same, for a node that reaches Redis at {@code redisAddress}, such as a fault proxy in front of it. */
    static String[] options(String redisAddress, String keyPrefix, String node, String... more) {
        List<String> options = new ArrayList<>(List.of("--hoshu.state.backend=redis",
                "--hoshu.redis.nodes=" + redisAddress, "--hoshu.redis.key-prefix=" + keyPrefix,
                "--hoshu.node-name=" + node, "--hoshu.fleet.peer.host=127.0.0.1", "--hoshu.fleet.peer.port=0",
                "--hoshu.redis.session-ttl=5s", "--hoshu.redis.command-timeout=1s"));
        options.addAll(List.of(more));
        return options.toArray(String[]::new);
    }

    /** Stops each in turn (nodes before the Redis they use); one that fails to stop does not keep the others up. */
    static void stopAll(AutoCloseable... running) {
        for (AutoCloseable closeable : running) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                System.err.println("stopping " + closeable + ": " + e);
            }
        }
    }
}
