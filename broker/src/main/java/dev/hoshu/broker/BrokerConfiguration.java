package dev.hoshu.broker;

import dev.hoshu.access.MultiFactor;
import dev.hoshu.api.AdminApiConfiguration;
import dev.hoshu.api.identity.IdentityClaims;
import dev.hoshu.api.service.AccessService;
import dev.hoshu.broker.access.AccessRequests;
import dev.hoshu.broker.access.ApiRoleRefusals;
import dev.hoshu.broker.access.AuditLogAccess;
import dev.hoshu.broker.access.Bootstrap;
import dev.hoshu.broker.access.ClockOffsetPolicy;
import dev.hoshu.broker.access.DeviceCaRotation;
import dev.hoshu.broker.access.DeviceEnrollment;
import dev.hoshu.broker.access.DeviceLedger;
import dev.hoshu.broker.access.Devices;
import dev.hoshu.broker.access.Grants;
import dev.hoshu.broker.access.HospitalTerms;
import dev.hoshu.broker.access.JoinTokens;
import dev.hoshu.broker.access.Organisations;
import dev.hoshu.broker.access.Policies;
import dev.hoshu.broker.access.Recordings;
import dev.hoshu.broker.access.RequestExpiry;
import dev.hoshu.broker.access.Sessions;
import dev.hoshu.broker.accounts.AccountsConfiguration;
import dev.hoshu.broker.audit.AuditLogDirectory;
import dev.hoshu.broker.audit.AuditTrail;
import dev.hoshu.broker.audit.FileAuditTrail;
import dev.hoshu.broker.catalog.ToolCatalog;
import dev.hoshu.broker.gateway.GatewayConfig;
import dev.hoshu.broker.gateway.SessionTimings;
import dev.hoshu.broker.gateway.SshGateway;
import dev.hoshu.broker.killswitch.LiveSession;
import dev.hoshu.broker.killswitch.LiveSessions;
import dev.hoshu.broker.locks.ActiveLocks;
import dev.hoshu.broker.locks.LockEnforcingAccess;
import dev.hoshu.broker.locks.Locks;
import dev.hoshu.broker.notify.AccessNotifier;
import dev.hoshu.broker.notify.CutNotifier;
import dev.hoshu.broker.notify.WebhookConfiguration;
import dev.hoshu.broker.observe.Observers;
import dev.hoshu.broker.pki.BrokerPki;
import dev.hoshu.broker.pki.SshUserCa;
import dev.hoshu.broker.recording.RecordingStore;
import dev.hoshu.broker.recording.UnrecordedBenchmark;
import dev.hoshu.broker.recording.archive.RecordingLibrary;
import dev.hoshu.broker.peering.DeviceRoutes;
import dev.hoshu.broker.reversetunnel.DeviceTunnels;
import dev.hoshu.broker.siem.SiemConfiguration;
import dev.hoshu.broker.state.ContractRecords;
import dev.hoshu.broker.state.ContractStore;
import dev.hoshu.broker.state.DeviceStore;
import dev.hoshu.broker.state.FileDeviceStore;
import dev.hoshu.broker.state.FileGrantStore;
import dev.hoshu.broker.state.FileJoinTokenStore;
import dev.hoshu.broker.state.FileLockStore;
import dev.hoshu.broker.state.FileRequestStore;
import dev.hoshu.broker.state.GrantReviewStore;
import dev.hoshu.broker.state.GrantStore;
import dev.hoshu.broker.state.HospitalKeyTrustStore;
import dev.hoshu.broker.state.JoinTokenStore;
import dev.hoshu.broker.state.LockStore;
import dev.hoshu.broker.state.OrganisationRecords;
import dev.hoshu.broker.state.OrganisationStore;
import dev.hoshu.broker.state.PolicyRecords;
import dev.hoshu.broker.state.PolicyStore;
import dev.hoshu.broker.state.RecordCollections;
import dev.hoshu.broker.state.RequestStore;
import dev.hoshu.broker.state.ToolCatalogRecords;
import dev.hoshu.broker.state.redis.RedisStateConfiguration;
import dev.hoshu.tunnel.TunnelServer;
import dev.hoshu.tunnel.TunnelServerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ClassPathResource;

/**
 * Assembles the broker from plain classes: state and PKI under the data dir, the device tunnels, recordings, the
 * SSH gateway and tunnel server (started by {@link BrokerListeners}), and the API services.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({HoshuProperties.class, SessionProperties.class})
@Import({AdminApiConfiguration.class, BrokerListeners.class, WebhookConfiguration.class, AccountsConfiguration.class,
        SiemConfiguration.class, RedisStateConfiguration.class, WorkRecordsConfiguration.class,
        dev.hoshu.broker.drain.DrainConfiguration.class})
public class BrokerConfiguration {

    /** Agents close a tunnel silent for 45 s; a keepalive every 15 s keeps a healthy one open. */
    static final Duration TUNNEL_KEEPALIVE = Duration.ofSeconds(15);

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    AuditLogDirectory auditLogDirectory(HoshuProperties hoshu) {
        return new AuditLogDirectory(hoshu.dataDir().resolve("audit"));
    }

    /** Every administrative act, allowed or refused, goes here before it takes effect (REQ-REC-6). */
    @Bean(destroyMethod = "close")
    FileAuditTrail auditTrail(AuditLogDirectory directory, HoshuProperties hoshu, Clock clock) {
        FileAuditTrail trail = new FileAuditTrail(directory, hoshu.nodeName(), clock);
        trail.resumeToday();
        return trail;
    }

    @Bean
    BrokerPki brokerPki(HoshuProperties hoshu, Clock clock) throws IOException {
        return BrokerPki.openOrCreate(hoshu.dataDir().resolve("pki"), hoshu.tunnel().serverNames(), hoshu.nodeName(),
                clock);
    }

    /** The JSON files of a broker that runs alone; on Redis the fleet's shared hashes take their place. */
    @Bean
    @ConditionalOnProperty(name = "hoshu.state.backend", havingValue = "file", matchIfMissing = true)
    RecordCollections recordCollections(HoshuProperties hoshu) {
        return RecordCollections.inFolder(stateDir(hoshu));
    }

    @Bean
    @ConditionalOnProperty(name = "hoshu.state.backend", havingValue = "file", matchIfMissing = true)
    RequestStore requestStore(HoshuProperties hoshu) {
        return new FileRequestStore(stateDir(hoshu));
    }

    @Bean
    @ConditionalOnProperty(name = "hoshu.state.backend", havingValue = "file", matchIfMissing = true)
    GrantStore grantStore(HoshuProperties hoshu, Clock clock) {
        return new FileGrantStore(stateDir(hoshu), clock);
    }

    @Bean
    @ConditionalOnProperty(name = "hoshu.state.backend", havingValue = "file", matchIfMissing = true)
    DeviceStore deviceStore(HoshuProperties hoshu) {
        return new FileDeviceStore(stateDir(hoshu));
    }

    @Bean
    @ConditionalOnProperty(name = "hoshu.state.backend", havingValue = "file", matchIfMissing = true)
    JoinTokenStore joinTokenStore(HoshuProperties hoshu) {
        return new FileJoinTokenStore(stateDir(hoshu));
    }

    @Bean
    SshUserCa userCertificateAuthority(BrokerPki pki, Clock clock) {
        return new SshUserCa(pki.userCa(), clock);
    }

    @Bean
    DeviceLedger deviceLedger(DeviceStore devices, BrokerPki pki, AuditTrail audit, HoshuProperties hoshu,
                              CutNotifier notifier, ObjectProvider<LiveSessions> live, Clock clock) {
        // The live sessions come from the gateway, which needs the tunnels, which need this ledger: asked lazily.
        return new DeviceLedger(devices, pki.deviceCas(), audit, hoshu.deviceCertTtl(),
                new ClockOffsetPolicy(hoshu.clockOffsetWarning()), clock, notifier,
                device -> live.getObject().list().stream().filter(s -> s.device().equals(device))
                        .map(LiveSession::id).toList());
    }

    @Bean(destroyMethod = "close")
    DeviceTunnels deviceTunnels(BrokerPki pki, DeviceLedger ledger, Clock clock) {
        return new DeviceTunnels(pki.brokerSsh(), TUNNEL_KEEPALIVE, ledger, clock);
    }

    /** One node: sessions reach only this node's tunnels (a fleet routes through its peers instead). */
    @Bean
    @ConditionalOnProperty(name = "hoshu.state.backend", havingValue = "file", matchIfMissing = true)
    DeviceRoutes deviceRoutes(DeviceTunnels tunnels) {
        return DeviceRoutes.localOnly(tunnels);
    }

    @Bean
    Devices deviceService(DeviceStore devices, DeviceTunnels tunnels, LiveSessions live, AuditTrail audit,
                          HoshuProperties hoshu, Clock clock) {
        return new Devices(devices, tunnels, live, new ClockOffsetPolicy(hoshu.clockOffsetWarning()), audit, clock);
    }

    @Bean
    RecordingStore recordingStore(HoshuProperties hoshu, BrokerPki pki, Environment environment) {
        return new RecordingStore(hoshu.dataDir().resolve("recordings"), pki.sealKeys()::current, hoshu.nodeName(),
                UnrecordedBenchmark.durableFiles(environment));
    }

    /** Closed by {@link BrokerListeners}, which also starts it. */
    @Bean(destroyMethod = "")
    SshGateway sshGateway(HoshuProperties hoshu, SshUserCa userCa, GrantStore grants, DeviceTunnels tunnels,
                          RecordingStore recordings, Clock clock, AuditTrail audit, ActiveLocks locks,
                          SessionProperties session, ToolCatalog catalog, DeviceRoutes routes) {
        GatewayConfig config = new GatewayConfig(hoshu.ssh().host(), hoshu.ssh().port(),
                hoshu.dataDir().resolve("pki").resolve("gateway-host-ed25519.key"), hoshu.nodeName());
        return new SshGateway(config, userCa, grants, tunnels, recordings, clock, audit, locks,
                new SessionTimings(session.grantEndWarning(), session.observerWait()), catalog, routes);
    }

    @Bean
    Observers observers(SshGateway gateway) {
        return gateway.observers();
    }

    @Bean
    @ConditionalOnProperty(name = "hoshu.state.backend", havingValue = "file", matchIfMissing = true)
    LiveSessions liveSessions(SshGateway gateway) {
        return gateway.liveSessions();
    }

    @Bean
    DeviceEnrollment deviceEnrollment(JoinTokenStore tokens, DeviceStore devices, BrokerPki pki,
                                      HoshuProperties hoshu, Clock clock, AuditTrail audit) {
        return new DeviceEnrollment(tokens, devices, pki.deviceCas(), pki.brokerSsh().getPublic(),
                hoshu.deviceCertTtl(), clock, audit);
    }

    /** Closed by {@link BrokerListeners}, which also starts it. */
    @Bean(destroyMethod = "")
    TunnelServer tunnelServer(HoshuProperties hoshu, BrokerPki pki, DeviceTunnels tunnels,
                              DeviceEnrollment enrollment) {
        TunnelServerConfig config = new TunnelServerConfig(hoshu.tunnel().host(), hoshu.tunnel().port(),
                pki.tunnel().key(), pki.tunnel().chain(), pki.deviceCa().certificate(), hoshu.tunnel().handshakeTimeout(),
                hoshu.tunnel().maxConcurrentHandshakes(), hoshu.tunnel().allowTls12(), hoshu.tunnel().lobbyWait(),
                hoshu.tunnel().lobbySize() == null ? -1 : hoshu.tunnel().lobbySize(),
                hoshu.tunnel().descriptorReserve() == null ? -1 : hoshu.tunnel().descriptorReserve(),
                hoshu.tunnel().rehearsal());
        TunnelServer server = new TunnelServer(config, tunnels, enrollment);
        // A rotation step changes what the port presents and accepts from the next connection on.
        pki.deviceCas().onChange(cas -> server.retrust(cas.tunnel().key(), cas.tunnel().chain(), cas.trusted(),
                cas.retired()));
        // A restart in the middle of a rotation trusts what the phase says, not just the issuing CA.
        server.retrust(pki.tunnel().key(), pki.tunnel().chain(), pki.deviceCas().trusted(),
                pki.deviceCas().retired());
        return server;
    }

    @Bean
    AccessRequests accessRequests(RequestStore requests, GrantStore grants, DeviceStore devices, SshUserCa userCa,
                                  Clock clock, AuditTrail audit, AccessNotifier notifier, HospitalTerms terms,
                                  MultiFactor multiFactor, HoshuProperties hoshu) {
        return new AccessRequests(requests, grants, devices, userCa, clock, audit, notifier, terms, multiFactor,
                hoshu.access().pendingLifetime());
    }

    /** What the API uses: the requests, behind the locks. */
    @Bean
    @Primary
    AccessService accessService(AccessRequests core, ActiveLocks locks, RequestStore requests, GrantStore grants,
                                AuditTrail audit) {
        return new LockEnforcingAccess(core, locks, requests, grants, audit);
    }

    @Bean(destroyMethod = "close")
    RequestExpiry requestExpiry(AccessRequests requests) {
        return new RequestExpiry(requests, Duration.ofMinutes(1));
    }

    @Bean
    MultiFactor multiFactor(IdentityClaims identity) {
        return identity.multiFactor();
    }

    @Bean
    OrganisationStore organisationStore(RecordCollections collections) {
        return new OrganisationRecords(collections);
    }

    @Bean
    ContractStore contractStore(RecordCollections collections) {
        return new ContractRecords(collections);
    }

    @Bean
    PolicyStore policyStore(RecordCollections collections) {
        return new PolicyRecords(collections);
    }

    @Bean
    GrantReviewStore grantReviewStore(RecordCollections collections) {
        return new GrantReviewStore(collections);
    }

    /** Loads {@code hoshu.bootstrap} first, so no request is ever decided against a half-seeded state. */
    @Bean
    HospitalTerms hospitalTerms(OrganisationStore organisations, ContractStore contracts, PolicyStore policies,
                                HoshuProperties hoshu, AuditTrail audit, Clock clock) throws IOException {
        if (hoshu.bootstrap() != null) {
            Bootstrap.loadIfEmpty(hoshu.bootstrap(), bootstrapText(hoshu.bootstrap()), organisations, contracts,
                    policies, audit, clock);
        }
        return new HospitalTerms(organisations, contracts, policies);
    }

    private static String bootstrapText(String location) throws IOException {
        if (location.startsWith("classpath:")) {
            return new ClassPathResource(location.substring("classpath:".length()))
                    .getContentAsString(StandardCharsets.UTF_8);
        }
        return Files.readString(Path.of(location.startsWith("file:") ? location.substring(5) : location));
    }

    @Bean
    Grants grantService(GrantStore grants, GrantReviewStore reviews, DeviceStore devices, LiveSessions live,
                        ActiveLocks locks, HospitalTerms terms, MultiFactor multiFactor, AuditTrail audit,
                        AccessNotifier notifier, Clock clock) {
        return new Grants(grants, reviews, devices, live, locks, terms, multiFactor, audit, notifier, clock);
    }

    @Bean
    Organisations organisationService(OrganisationStore organisations, ContractStore contracts, AuditTrail audit) {
        return new Organisations(organisations, contracts, audit);
    }

    @Bean
    Policies policyService(PolicyStore policies, MultiFactor multiFactor, AuditTrail audit, Clock clock) {
        return new Policies(policies, multiFactor, audit, clock);
    }

    @Bean
    ToolCatalog toolCatalog(RecordCollections collections, HoshuProperties hoshu, AuditTrail audit, Clock clock) {
        return new ToolCatalog(new ToolCatalogRecords(collections), new HospitalKeyTrustStore(collections),
                hoshu.dataDir().resolve("manufacturer-keys"),
                audit, clock);
    }

    @Bean
    @ConditionalOnProperty(name = "hoshu.state.backend", havingValue = "file", matchIfMissing = true)
    LockStore lockStore(HoshuProperties hoshu) {
        return new FileLockStore(stateDir(hoshu));
    }

    @Bean
    ActiveLocks activeLocks(LockStore locks, Clock clock) {
        return new ActiveLocks(locks, clock);
    }

    @Bean
    Locks lockService(LockStore locks, DeviceStore devices, GrantStore grants, LiveSessions live, AuditTrail audit,
                      CutNotifier notifier, Clock clock) {
        return new Locks(locks, devices, grants, live, audit, notifier, clock);
    }

    @Bean
    Sessions sessionService(LiveSessions live, AuditTrail audit, Observers observers, CutNotifier notifier,
                            Clock clock, GrantStore grants) {
        Sessions sessions = new Sessions(live, audit, observers, notifier, clock, grants);
        live.whenDeviceStops(sessions::deviceStopped);
        return sessions;
    }

    @Bean
    JoinTokens enrollmentService(JoinTokenStore tokens, DeviceStore devices, BrokerPki pki, HoshuProperties hoshu,
                                 Clock clock, AuditTrail audit) {
        return new JoinTokens(tokens, devices, () -> pki.deviceCa().certificate(), hoshu.joinTokenTtl(), clock, audit);
    }

    @Bean
    DeviceCaRotation caRotationService(BrokerPki pki, DeviceStore devices, Clock clock, AuditTrail audit) {
        return new DeviceCaRotation(pki.deviceCas(), devices, clock, audit);
    }

    @Bean
    Recordings recordingService(RecordingLibrary recordings, BrokerPki pki, AuditTrail audit,
                                HospitalTerms terms) {
        return new Recordings(recordings, pki.sealKeys(), audit, terms);
    }

    @Bean
    AuditLogAccess auditService(AuditLogDirectory directory, AuditTrail audit) {
        return new AuditLogAccess(directory, audit);
    }

    @Bean
    ApiRoleRefusals roleRefusalAudit(AuditTrail audit, RequestStore requests, GrantStore grants, LiveSessions live,
                                     DeviceStore devices) {
        return new ApiRoleRefusals(audit, requests, grants, live, devices);
    }

    @Bean
    AdminRoleGate adminRoleGate(HoshuProperties hoshu) {
        return new AdminRoleGate(hoshu.runs("admin"));
    }

    private static Path stateDir(HoshuProperties hoshu) {
        return hoshu.dataDir().resolve("state");
    }
}
