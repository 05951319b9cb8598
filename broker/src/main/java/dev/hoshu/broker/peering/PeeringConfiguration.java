package dev.hoshu.broker.peering;

import dev.hoshu.broker.HoshuProperties;
import dev.hoshu.broker.audit.AuditTrail;
import dev.hoshu.broker.pki.BrokerPki;
import dev.hoshu.broker.pki.DeviceCa;
import dev.hoshu.broker.reversetunnel.DeviceTunnels;
import dev.hoshu.tunnel.pki.DeviceCertificates;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With {@code hoshu.state.backend: redis}: keeping this node's tunnels in the tunnel directory (on Redis, from
 * {@link dev.hoshu.broker.state.redis.RedisStateConfiguration}), this node's peer port and its links to the other
 * nodes, and the routing the gateway uses to reach a device whose tunnel another node holds.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "hoshu.state.backend", havingValue = "redis")
@EnableConfigurationProperties(PeerSettings.class)
public class PeeringConfiguration {

    /** A restart issues a new one; a node that runs longer than this must be restarted to keep peering. */
    static final Duration NODE_CERTIFICATE_LIFETIME = Duration.ofDays(90);
    private static final Duration PEER_KEEPALIVE = Duration.ofSeconds(15);

    /** This node's peer-link TLS: a fresh key and node certificate from the fleet's issuing device CA. */
    @Bean
    SSLContext peerTls(BrokerPki pki, HoshuProperties hoshu, Clock clock) {
        KeyPair nodeKeys = DeviceCertificates.newEcKey();
        DeviceCa ca = pki.deviceCas().issuing();
        Instant now = clock.instant();
        X509Certificate certificate = NodeCertificates.issue(nodeKeys, hoshu.nodeName(), ca.keys(), ca.certificate(),
                now.minus(DeviceCertificates.BACKDATE), now.plus(NODE_CERTIFICATE_LIFETIME));
        return PeerTls.context(nodeKeys.getPrivate(), List.of(certificate, ca.certificate()), pki.deviceCas().trusted(),
                clock);
    }

    /** Stop and refusal reports of relayed sessions: from the holding node to the engineer's node. */
    @Bean(destroyMethod = "close")
    RelayedReports relayedReports(HoshuProperties hoshu, AuditTrail audit, Clock clock) {
        return new RelayedReports(hoshu.nodeName(), clock, new PeerRefusalAudit(audit, clock));
    }

    @Bean(destroyMethod = "close")
    PeerServer peerServer(PeerSettings settings, SSLContext peerTls, BrokerPki pki, DeviceTunnels tunnels,
                          HoshuProperties hoshu, AuditTrail audit, Clock clock, RelayedReports reports) {
        PeerServer server = new PeerServer(settings.host(), settings.port(), peerTls, settings.handshakeTimeout(),
                pki.brokerSsh(), tunnels, hoshu.nodeName(), new PeerRefusalAudit(audit, clock), reports);
        server.start();
        return server;
    }

    @Bean(destroyMethod = "close")
    TunnelRegistrar tunnelRegistrar(TunnelDirectory directory, DeviceTunnels tunnels, PeerServer server,
                                    PeerSettings settings, HoshuProperties hoshu) {
        InetSocketAddress bound = server.start();
        TunnelRegistrar registrar = new TunnelRegistrar(directory, hoshu.nodeName(),
                settings.advertised(hoshu.nodeName(), bound.getPort()));
        tunnels.watchPresence(registrar);
        return registrar;
    }

    @Bean(destroyMethod = "close")
    PeerLinks peerLinks(SSLContext peerTls, BrokerPki pki, HoshuProperties hoshu, PeerSettings settings,
                        RelayedReports reports) {
        return new PeerLinks(hoshu.nodeName(), peerTls, pki.brokerSsh(), settings.handshakeTimeout(), PEER_KEEPALIVE,
                reports);
    }

    @Bean
    PeerRouting deviceRoutes(DeviceTunnels tunnels, TunnelDirectory directory, PeerLinks links,
                             HoshuProperties hoshu, TunnelRegistrar registrar, RelayedReports reports) {
        return new PeerRouting(tunnels, directory, links, hoshu.nodeName(), reports);
    }
}
