package dev.hoshu.broker.metrics;

import dev.hoshu.broker.peering.PeerRouting;
import dev.hoshu.broker.peering.PeerServer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import dev.hoshu.broker.audit.FileAuditTrail;
import dev.hoshu.broker.killswitch.LiveSessions;
import dev.hoshu.broker.reversetunnel.DeviceTunnels;
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
}
