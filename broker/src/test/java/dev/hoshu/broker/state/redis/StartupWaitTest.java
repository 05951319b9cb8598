package dev.hoshu.broker.state.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoshu.broker.state.StateUnavailableException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node started before its Redis waits for it, within a bound; it does not fail at the first refused connect. */
class StartupWaitTest {

    @TempDir
    Path dir;

    @Test
    void aNodeWaitsForARedisThatComesUpAfterIt() throws Exception {
        try (RedisProcess redis = RedisProcess.server(dir)) {
            redis.kill();
            Thread late = new Thread(() -> {
                RedisProcess.sleep(2500);
                try {
                    redis.restart();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            late.start();

            try (RedisConnections connections = RedisStateConfiguration.openWithin(
                    RedisSettings.standalone(redis.node(), "startup"), Duration.ofSeconds(60))) {
                String pong = connections.call(c -> c.ping());
                assertThat(pong).isEqualTo("PONG");
            }
            late.join();
        }
    }

    @Test
    void aRedisThatNeverAnswersEndsTheStartWithTheReasonAfterTheWait() throws Exception {
        String nobody = "127.0.0.1:" + RedisProcess.freePort();
        long started = System.nanoTime();

        assertThatThrownBy(() -> RedisStateConfiguration.openWithin(RedisSettings.standalone(nobody, "startup"),
                Duration.ofSeconds(2)))
                .isInstanceOf(StateUnavailableException.class).hasMessageContaining("state store unavailable");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }
}
