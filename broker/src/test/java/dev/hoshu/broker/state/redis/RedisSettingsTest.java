package dev.hoshu.broker.state.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.FileSystemResource;

/** The sample configurations bind as documented, and bad settings stop the broker with a one-line reason. */
class RedisSettingsTest {

    private static RedisSettings sample(String name) throws IOException {
        Path file = Path.of("..", "deploy", "config", name);
        assertThat(Files.isRegularFile(file)).as(file.toString()).isTrue();
        List<PropertySource<?>> sources = new YamlPropertySourceLoader().load(name, new FileSystemResource(file));
        Binder binder = new Binder(org.springframework.boot.context.properties.source.ConfigurationPropertySources
                .from(sources));
        assertThat(binder.bind("hoshu.state.backend", String.class).get()).isEqualTo("redis");
        return binder.bind("hoshu.redis", RedisSettings.class).get();
    }

    private static RedisSettings bound(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bind("hoshu.redis", RedisSettings.class)
                .get();
    }

    @Test
    void theSampleConfigurationsBind() throws IOException {
        RedisSettings standalone = sample("hoshu-redis-standalone.yaml");
        assertThat(standalone.mode()).isEqualTo("standalone");
        assertThat(standalone.nodes()).containsExactly("redis.example-hospital.jp:6379");
        assertThat(standalone.commandTimeout()).isEqualTo(Duration.ofSeconds(2));
        RedisSettings sentinel = sample("hoshu-redis-sentinel.yaml");
        assertThat(sentinel.mode()).isEqualTo("sentinel");
        assertThat(sentinel.masterName()).isEqualTo("hoshu");
        assertThat(sentinel.nodes()).hasSize(3);
        assertThat(sentinel.cutReplicas()).isEqualTo(1);
        assertThat(standalone.cutReplicas()).isZero();
        RedisSettings cluster = sample("hoshu-redis-cluster.yaml");
        assertThat(cluster.mode()).isEqualTo("cluster");
        assertThat(cluster.sessionTtl()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void badSettingsAreRefusedByName() {
        assertThatThrownBy(() -> bound(Map.of("hoshu.redis.mode", "replicated"))).rootCause()
                .hasMessage("hoshu.redis.mode must be standalone, sentinel or cluster, not replicated");
        assertThatThrownBy(() -> bound(Map.of("hoshu.redis.mode", "sentinel"))).rootCause()
                .hasMessage("hoshu.redis.master-name is needed in sentinel mode");
        assertThatThrownBy(() -> bound(Map.of("hoshu.redis.nodes", "redis:6379/0;rm -rf"))).rootCause()
                .hasMessage("hoshu.redis.nodes: redis:6379/0;rm -rf is not host:port");
        assertThatThrownBy(() -> bound(Map.of("hoshu.redis.nodes", "redis"))).rootCause()
                .hasMessage("hoshu.redis.nodes: redis is not host:port");
        assertThatThrownBy(() -> bound(Map.of("hoshu.redis.key-prefix", "hoshu:{x}"))).rootCause()
                .hasMessage("hoshu.redis.key-prefix must be 1 to 40 letters, digits or -, not hoshu:{x}");
        assertThatThrownBy(() -> bound(Map.of("hoshu.redis.mode", "cluster", "hoshu.redis.cut-replicas", "1")))
                .rootCause().hasMessage("hoshu.redis.cut-replicas is not supported in cluster mode");
        assertThatThrownBy(() -> bound(Map.of("hoshu.redis.cut-replicas", "-1"))).rootCause()
                .hasMessage("hoshu.redis.cut-replicas must be 0 to 5, not -1");
        assertThat(bound(Map.of("hoshu.redis.mode", "sentinel", "hoshu.redis.master-name", "hoshu")).cutReplicas())
                .as("under Sentinel a cut waits for one replica unless told otherwise").isEqualTo(1);
        assertThatThrownBy(() -> new StateBackend("redsi"))
                .hasMessage("hoshu.state.backend must be file or redis, not redsi");
        assertThat(new StateBackend(null).backend()).isEqualTo("file");
    }

    @Test
    void thePasswordNeverShowsInTheSettingsLogLine() {
        RedisSettings settings = bound(Map.of("hoshu.redis.password", "s3cret-pass", "hoshu.redis.tls", "true"));
        assertThat(settings.toString()).doesNotContain("s3cret").contains("tls");
        assertThat(settings.password()).isEqualTo("s3cret-pass");
    }

    @Test
    void anUnreachableRedisRefusesAtOnceWithTheReason() throws IOException {
        RedisSettings nowhere = RedisSettings.standalone("127.0.0.1:" + RedisProcess.freePort(), "x");
        assertThatThrownBy(() -> RedisConnections.open(nowhere))
                .isInstanceOf(dev.hoshu.broker.state.StateUnavailableException.class)
                .hasMessageStartingWith("state store unavailable: ");
    }
}
