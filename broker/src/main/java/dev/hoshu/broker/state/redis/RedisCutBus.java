package dev.hoshu.broker.state.redis;

import dev.hoshu.broker.fleet.Cut;
import dev.hoshu.broker.fleet.CutBus;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Cuts as JSON messages on the channel {@code hoshu:bus:cuts}; a node ignores the ones it published. Listeners run
 * on a thread of their own: applying a cut reads the shared state, which must never wait on Lettuce's event loop
 * that delivered the message.
 */
public final class RedisCutBus implements CutBus, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisCutBus.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_MESSAGE = 64 * 1024;

    private final RedisConnections redis;
    private final String channel;
    private final String node;
    private final List<Consumer<Cut>> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService applying = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "hoshu-cut-bus");
        thread.setDaemon(true);
        return thread;
    });

    public RedisCutBus(RedisConnections redis, String node) {
        this.redis = redis;
        this.channel = RedisKeys.of(redis.settings()).cutChannel();
        this.node = node;
        StatefulRedisPubSubConnection<String, String> connection = redis.pubSub();
        connection.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String from, String message) {
                if (channel.equals(from)) {
                    applying.execute(() -> received(message));
                }
            }
        });
        redis.call(c -> {
            connection.sync().subscribe(channel);
            return null;
        });
    }

    @Override
    public void publish(Cut cut) {
        try {
            redis.call(c -> c.publish(channel, JSON.writeValueAsString(cut)));
        } catch (RuntimeException e) {
            log.warn("cut {} not told to the other nodes: {}", cut, e.getMessage());
        }
    }

    @Override
    public void subscribe(Consumer<Cut> listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
        applying.shutdownNow();
    }

    private void received(String message) {
        Cut cut;
        try {
            if (message.length() > MAX_MESSAGE) {
                throw new IllegalArgumentException("longer than " + MAX_MESSAGE + " characters");
            }
            cut = JSON.readValue(message, Cut.class);
            if (cut.kind() == null || cut.target() == null || cut.origin() == null) {
                throw new IllegalArgumentException("kind, target or origin missing");
            }
        } catch (JacksonException | IllegalArgumentException e) {
            log.warn("a message on {} that is no cut was dropped: {}", channel, e.getMessage());
            return;
        }
        if (cut.origin().equals(node)) {
            return;
        }
        for (Consumer<Cut> listener : listeners) {
            try {
                listener.accept(cut);
            } catch (RuntimeException e) {
                log.warn("cut {} not applied: {}", cut, e.toString());
            }
        }
    }
}
