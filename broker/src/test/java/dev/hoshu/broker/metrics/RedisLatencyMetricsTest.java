package dev.hoshu.broker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoshu.broker.state.StateUnavailableException;
import dev.hoshu.broker.state.redis.RedisConnections;
import dev.hoshu.broker.state.redis.RedisGrantStore;
import dev.hoshu.broker.state.redis.SharedRedis;
import dev.hoshu.broker.state.Ids;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/** A node on Redis publishes how long its store operations take, and how many Redis failed, for Prometheus. */
@ExtendWith(SharedRedis.class)
class RedisLatencyMetricsTest {

    @Test
    void everyStoreOperationIsTimedByOutcome(SharedRedis.Deployments deployments) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (RedisConnections redis = RedisConnections.open(deployments.get("standalone")
                .settings("t" + Ids.random(8)))) {
            StaticListableBeanFactory beans = new StaticListableBeanFactory();
            beans.addBean("redis", redis);
            new MetricsConfiguration().redisMetrics(beans.getBeanProvider(RedisConnections.class)).bindTo(registry);
            RedisGrantStore grants = new RedisGrantStore(redis, Clock.systemUTC());

            grants.find("g-none");
            grants.all();
            try {
                redis.call(c -> c.eval("return redis.call('NOSUCHCOMMAND')", io.lettuce.core.ScriptOutputType.STATUS));
            } catch (StateUnavailableException expected) {
                // Counted as failed below.
            }
        }

        String scraped = registry.scrape();
        assertThat(scraped).contains("hoshu_redis_latency_seconds_count{outcome=\"ok\"} 2",
                "hoshu_redis_latency_seconds_count{outcome=\"failed\"} 1", "hoshu_redis_latency_seconds_bucket{");
    }
}
