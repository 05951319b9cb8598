package dev.hoshu.broker;

import dev.hoshu.api.AdminApiConfiguration;
import dev.hoshu.broker.access.AccessRequests;
import dev.hoshu.broker.access.DeviceEnrollment;
import dev.hoshu.broker.access.JoinTokens;
import dev.hoshu.broker.access.Recordings;
import dev.hoshu.broker.access.Sessions;
import dev.hoshu.broker.gateway.GatewayConfig;
import dev.hoshu.broker.gateway.SshGateway;
import dev.hoshu.broker.killswitch.LiveSessions;
import dev.hoshu.broker.pki.BrokerPki;
import dev.hoshu.broker.pki.SshUserCa;
import dev.hoshu.broker.recording.RecordingStore;
import dev.hoshu.broker.reversetunnel.DeviceTunnels;
import dev.hoshu.broker.state.DeviceStore;
import dev.hoshu.broker.state.FileDeviceStore;
import dev.hoshu.broker.state.FileGrantStore;
import dev.hoshu.broker.state.FileJoinTokenStore;
import dev.hoshu.broker.state.FileRequestStore;
import dev.hoshu.broker.state.GrantStore;
import dev.hoshu.broker.state.JoinTokenStore;
import dev.hoshu.broker.state.RequestStore;
import dev.hoshu.tunnel.TunnelServer;
import dev.hoshu.tunnel.TunnelServerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Assembles the broker from plain classes: state and PKI under the data dir, the device tunnels, recordings, the
 * SSH gateway and tunnel server (started by {@link BrokerListeners}), and the API services.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HoshuProperties.class)
@Import({AdminApiConfiguration.class, BrokerListeners.class})
public class BrokerConfiguration {

    /** Agents close a tunnel silent for 45 s; a keepalive every 15 s keeps a healthy one open. */
    static final Duration TUNNEL_KEEPALIVE = Duration.ofSeconds(15);

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    BrokerPki brokerPki(HoshuProperties hoshu, Clock clock) throws IOException {
        return BrokerPki.openOrCreate(hoshu.dataDir().resolve("pki"), hoshu.tunnel().serverNames(), hoshu.nodeName(),
                clock);
    }

    @Bean
    RequestStore requestStore(HoshuProperties hoshu) {
        return new FileRequestStore(stateDir(hoshu));
    }

    @Bean
    GrantStore grantStore(HoshuProperties hoshu, Clock clock) {
        return new FileGrantStore(stateDir(hoshu), clock);
    }

    @Bean
    DeviceStore deviceStore(HoshuProperties hoshu) {
        return new FileDeviceStore(stateDir(hoshu));
    }

    @Bean
    JoinTokenStore joinTokenStore(HoshuProperties hoshu) {
        return new FileJoinTokenStore(stateDir(hoshu));
    }

    @Bean
    SshUserCa userCertificateAuthority(BrokerPki pki, Clock clock) {
        return new SshUserCa(pki.userCa(), clock);
    }

    @Bean(destroyMethod = "close")
    DeviceTunnels deviceTunnels(BrokerPki pki) {
        return new DeviceTunnels(pki.brokerSsh(), TUNNEL_KEEPALIVE);
    }

    @Bean
    RecordingStore recordingStore(HoshuProperties hoshu, BrokerPki pki) {
        return new RecordingStore(hoshu.dataDir().resolve("recordings"), pki.recordingSeal(), hoshu.nodeName());
    }

    /** Closed by {@link BrokerListeners}, which also starts it. */
    @Bean(destroyMethod = "")
    SshGateway sshGateway(HoshuProperties hoshu, SshUserCa userCa, GrantStore grants, DeviceTunnels tunnels,
                          RecordingStore recordings, Clock clock) {
        GatewayConfig config = new GatewayConfig(hoshu.ssh().host(), hoshu.ssh().port(),
                hoshu.dataDir().resolve("pki").resolve("gateway-host.key"), hoshu.nodeName());
        return new SshGateway(config, userCa, grants, tunnels, recordings, clock);
    }

    @Bean
    LiveSessions liveSessions(SshGateway gateway) {
        return gateway.liveSessions();
    }

    @Bean
    DeviceEnrollment deviceEnrollment(JoinTokenStore tokens, DeviceStore devices, BrokerPki pki,
                                      HoshuProperties hoshu, Clock clock) {
        return new DeviceEnrollment(tokens, devices, pki.deviceCa(), pki.brokerSsh().getPublic(),
                hoshu.deviceCertTtl(), clock);
    }

    /** Closed by {@link BrokerListeners}, which also starts it. */
    @Bean(destroyMethod = "")
    TunnelServer tunnelServer(HoshuProperties hoshu, BrokerPki pki, DeviceTunnels tunnels,
                              DeviceEnrollment enrollment) {
        TunnelServerConfig config = new TunnelServerConfig(hoshu.tunnel().host(), hoshu.tunnel().port(),
                pki.tunnel().key(), pki.tunnel().chain(), pki.deviceCa().certificate(), null, 0);
        return new TunnelServer(config, tunnels, enrollment);
    }

    @Bean
    AccessRequests accessService(RequestStore requests, GrantStore grants, DeviceStore devices, SshUserCa userCa,
                                 Clock clock) {
        return new AccessRequests(requests, grants, devices, userCa, clock);
    }

    @Bean
    Sessions sessionService(LiveSessions live) {
        return new Sessions(live);
    }

    @Bean
    JoinTokens enrollmentService(JoinTokenStore tokens, DeviceStore devices, BrokerPki pki, HoshuProperties hoshu,
                                 Clock clock) {
        return new JoinTokens(tokens, devices, pki.deviceCa().certificate(), hoshu.joinTokenTtl(), clock);
    }

    @Bean
    Recordings recordingService(RecordingStore recordings) {
        return new Recordings(recordings);
    }

    @Bean
    AdminRoleGate adminRoleGate(HoshuProperties hoshu) {
        return new AdminRoleGate(hoshu.runs("admin"));
    }

    private static Path stateDir(HoshuProperties hoshu) {
        return hoshu.dataDir().resolve("state");
    }
}
