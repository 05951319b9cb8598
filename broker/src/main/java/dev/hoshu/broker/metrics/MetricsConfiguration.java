package dev.hoshu.broker.metrics;

import dev.hoshu.broker.audit.FileAuditTrail;
import dev.hoshu.broker.killswitch.LiveSessions;
import dev.hoshu.broker.peering.PeerRouting;
import dev.hoshu.broker.peering.PeerServer;
import dev.hoshu.broker.recording.archive.RecordingStorage;
import dev.hoshu.broker.reversetunnel.DeviceTunnels;
import dev.hoshu.broker.state.redis.RedisConnections;
import dev.hoshu.tunnel.TunnelServer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The broker's meters, published at {@code /actuator/prometheus}. */
@Configuration(proxyBeanMethods = false)
public class MetricsConfiguration {

    @Bean
    BrokerMetrics brokerMetrics(DeviceTunnels tunnels, LiveSessions sessions, FileAuditTrail audit) {
        return new BrokerMetrics(tunnels, sessions, audit);
    }

    @Bean
    @ConditionalOnProperty(name = "hoshu.state.backend", havingValue = "redis")
    PeeringMetrics peeringMetrics(PeerRouting routing, PeerServer server) {
        return new PeeringMetrics(routing, server);
    }

    /** A reconnect storm as the tunnel port sees it: handshakes under way, and connections waiting for room. */
    @Bean
    MeterBinder tunnelPortMetrics(ObjectProvider<TunnelServer> port) {
        return registry -> port.ifAvailable(server -> {
            Gauge.builder("hoshu.tunnel.handshakes.in.progress", server, TunnelServer::handshakesInProgress)
                    .description("TLS handshakes on the tunnel port started and not yet over")
                    .register(registry);
            Gauge.builder("hoshu.tunnel.lobby.waiting", server, TunnelServer::waiting)
                    .description("connections on the tunnel port waiting in its lobby for room to start a handshake")
                    .register(registry);
        });
    }

    /** The recordings whose only copy is still this node's disk: they are lost with it. */
    @Bean
    MeterBinder recordingMetrics(ObjectProvider<RecordingStorage> storage) {
        return registry -> storage.ifAvailable(recordings -> Gauge.builder("hoshu.recordings.unarchived", recordings,
                        RecordingStorage::unarchived)
                .description("finished recordings not yet in the archive after the last upload pass")
                .register(registry));
    }

    /** How long each Redis store operation takes, on a node whose state is on Redis. */
    @Bean
    MeterBinder redisMetrics(ObjectProvider<RedisConnections> redis) {
        return registry -> redis.ifAvailable(connections -> {
            Timer ok = redisTimer(registry, "ok");
            Timer failed = redisTimer(registry, "failed");
            connections.observe((took, failure) -> (failure ? failed : ok).record(took));
        });
    }

    private static Timer redisTimer(MeterRegistry registry, String outcome) {
        return Timer.builder("hoshu.redis.latency").tag("outcome", outcome)
                .description("Redis store operations (a read, or a compare-and-set script) by outcome")
                .publishPercentileHistogram()
                .maximumExpectedValue(java.time.Duration.ofSeconds(5))
                .register(registry);
    }
}
