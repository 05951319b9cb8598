package dev.hoshu.broker.state.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import dev.hoshu.broker.state.StateUnavailableException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The node's Lettuce connections to the shared Redis, in whichever mode the settings name: one command connection
 * (thread-safe, shared by every store) and pub/sub connections for the bus. A command that finds the connection down
 * fails at once instead of queueing, so an act waiting on it is refused within the command timeout.
 */
public final class RedisConnections implements AutoCloseable {

    private final RedisSettings settings;
    private final ClientResources resources;
    private final RedisClient client;
    private final RedisClusterClient clusterClient;
    private final RedisURI standaloneUri;
    private final AutoCloseable commandConnection;
    private final RedisClusterCommands<String, String> commands;
    private final List<StatefulRedisPubSubConnection<String, String>> pubSubs = new ArrayList<>();
    private volatile CommandObserver observer = (took, failed) -> { };

    /** Told how long each store operation took and whether Redis failed it, for the node's metrics. */
    @FunctionalInterface
    public interface CommandObserver {
        void completed(Duration took, boolean failed);
    }

    private RedisConnections(RedisSettings settings) {
        this.settings = settings;
        // Lettuce's default backoff grows to 30 s; after an outage or a failover the state should be back in two.
        this.resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
                .build();
        if (settings.mode().equals("cluster")) {
            this.client = null;
            this.standaloneUri = null;
            this.clusterClient = RedisClusterClient.create(resources, settings.nodes().stream().map(this::nodeUri).toList());
            clusterClient.setOptions(ClusterClientOptions.builder()
                    .socketOptions(socketOptions())
                    .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    // Slots move when a master fails over: follow both on a schedule and on MOVED/ASK answers.
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                            .enablePeriodicRefresh(Duration.ofSeconds(30))
                            .enableAllAdaptiveRefreshTriggers()
                            .build())
                    .build());
            StatefulRedisClusterConnection<String, String> connection = closingOnFailure(clusterClient::connect);
            this.commandConnection = connection;
            this.commands = connection.sync();
        } else {
            this.clusterClient = null;
            this.standaloneUri = settings.mode().equals("sentinel") ? sentinelUri() : nodeUri(settings.nodes().get(0));
            this.client = RedisClient.create(resources);
            client.setOptions(ClientOptions.builder()
                    .socketOptions(socketOptions())
                    .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .build());
            // With a Sentinel URI every (re)connect asks the sentinels for the current master: a failover needs no
            // operator.
            StatefulRedisConnection<String, String> connection = closingOnFailure(() -> client.connect(standaloneUri));
            this.commandConnection = connection;
            this.commands = connection.sync();
        }
    }

    /**
     * Connects as the settings say.
     *
     * @throws StateUnavailableException when no connection can be made now
     */
    public static RedisConnections open(RedisSettings settings) {
        return new RedisConnections(settings);
    }

    public RedisSettings settings() {
        return settings;
    }

    /** The shared command interface; standalone, Sentinel and Cluster connections all offer it. */
    public RedisClusterCommands<String, String> commands() {
        return commands;
    }

    /** A new pub/sub connection, closed with this holder; Lettuce subscribes again after a reconnect. */
    public synchronized StatefulRedisPubSubConnection<String, String> pubSub() {
        StatefulRedisPubSubConnection<String, String> connection = clusterClient != null
                ? connecting(clusterClient::connectPubSub)
                : connecting(() -> client.connectPubSub(standaloneUri));
        pubSubs.add(connection);
        return connection;
    }

    public void observe(CommandObserver observer) {
        this.observer = observer;
    }

    /** Runs one store operation, turning Lettuce's failures into the refusal the callers know. */
    public <T> T call(Function<RedisClusterCommands<String, String>, T> operation) {
        long started = System.nanoTime();
        boolean failed = true;
        try {
            T result = operation.apply(commands);
            failed = false;
            return result;
        } catch (RedisException e) {
            throw unavailable(e);
        } finally {
            observer.completed(Duration.ofNanos(System.nanoTime() - started), failed);
        }
    }

    /**
     * Returns once {@link RedisSettings#cutReplicas()} replicas hold every write this node made so far (Redis
     * {@code WAIT}), so a revocation or a lock acknowledged to a hospital survives the master's failover.
     *
     * @throws StateUnavailableException when fewer replicas confirmed within half the command timeout: the change
     *                                   may sit on the master alone and must not be acknowledged
     */
    public void awaitReplicas(String what) {
        int wanted = settings.cutReplicas();
        if (wanted == 0) {
            return;
        }
        long within = Math.max(1, settings.commandTimeout().toMillis() / 2);
        Long confirmed = call(c -> c.waitForReplication(wanted, within));
        if (confirmed == null || confirmed < wanted) {
            throw new StateUnavailableException(what + " reached the Redis master but " + (confirmed == null ? 0 : confirmed)
                    + " of " + wanted + " replicas confirmed it within " + within + " ms", null);
        }
    }

    /** Lettuce's own line, with the root cause (such as {@code Connection refused}) when it adds something. */
    static StateUnavailableException unavailable(RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e && root.getMessage() != null && !message.contains(root.getMessage())) {
            message = message + ": " + root.getMessage();
        }
        return new StateUnavailableException(message, e);
    }

    @Override
    public synchronized void close() {
        for (StatefulRedisPubSubConnection<String, String> connection : pubSubs) {
            connection.close();
        }
        try {
            commandConnection.close();
        } catch (Exception e) {
            // Closing: nothing left to tell.
        }
        shutdown();
    }

    private void shutdown() {
        if (client != null) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        } else {
            clusterClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    private SocketOptions socketOptions() {
        return SocketOptions.builder().connectTimeout(settings.connectTimeout()).keepAlive(true).build();
    }

    private RedisURI nodeUri(String node) {
        URI address = RedisSettings.checkedNode(node);
        RedisURI.Builder uri = RedisURI.builder().withHost(address.getHost()).withPort(address.getPort())
                .withSsl(settings.tls()).withTimeout(settings.commandTimeout());
        return authenticated(uri).build();
    }

    private RedisURI sentinelUri() {
        URI first = RedisSettings.checkedNode(settings.nodes().get(0));
        RedisURI.Builder uri = RedisURI.Builder.sentinel(first.getHost(), first.getPort(), settings.masterName());
        settings.nodes().stream().skip(1).map(RedisSettings::checkedNode)
                .forEach(sentinel -> uri.withSentinel(sentinel.getHost(), sentinel.getPort()));
        uri.withSsl(settings.tls()).withTimeout(settings.commandTimeout());
        return authenticated(uri).build();
    }

    private RedisURI.Builder authenticated(RedisURI.Builder uri) {
        if (settings.password() != null) {
            if (settings.username() != null) {
                uri.withAuthentication(settings.username(), settings.password().toCharArray());
            } else {
                uri.withPassword(settings.password().toCharArray());
            }
        }
        return uri;
    }

    /** A node that cannot connect at start must not keep the client's threads running. */
    private <C> C closingOnFailure(java.util.function.Supplier<C> connect) {
        try {
            return connecting(connect);
        } catch (StateUnavailableException e) {
            shutdown();
            throw e;
        }
    }

    private static <C> C connecting(java.util.function.Supplier<C> connect) {
        try {
            return connect.get();
        } catch (RedisException e) {
            throw unavailable(e);
        }
    }
}
