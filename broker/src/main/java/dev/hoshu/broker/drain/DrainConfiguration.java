package dev.hoshu.broker.drain;

import dev.hoshu.broker.HoshuProperties;
import dev.hoshu.broker.audit.AuditTrail;
import dev.hoshu.broker.gateway.SshGateway;
import dev.hoshu.broker.reversetunnel.DeviceTunnels;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the node's drain on shutdown. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DrainProperties.class)
public class DrainConfiguration {

    @Bean
    NodeDrain nodeDrain(HoshuProperties hoshu, DrainProperties drain, SshGateway gateway, DeviceTunnels tunnels,
            AuditTrail audit, ApplicationEventPublisher events, Clock clock) {
        return new NodeDrain(hoshu.nodeName(), drain.timeout(), gateway, tunnels, audit, events, clock);
    }
}
