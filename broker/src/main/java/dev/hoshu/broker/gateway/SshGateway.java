package dev.hoshu.broker.gateway;

import dev.hoshu.broker.audit.AuditTrail;
import dev.hoshu.broker.killswitch.LiveSessions;
import dev.hoshu.broker.killswitch.SessionRegistry;
import dev.hoshu.broker.killswitch.StopReportHandler;
import dev.hoshu.broker.locks.ActiveLocks;
import dev.hoshu.broker.observe.Observers;
import dev.hoshu.broker.peering.DeviceRoutes;
import dev.hoshu.broker.pki.UserCertificateAuthority;
import dev.hoshu.broker.recording.RecordingStore;
import dev.hoshu.broker.reversetunnel.DeviceTunnels;
import dev.hoshu.broker.state.GrantLookup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.sshd.server.SshServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engineers' SSH entrance (default :2222). Login only with a grant certificate from the broker's
 * user CA; every exec is checked against the grant and becomes a recorded session on the device.
 * No shell, no forwarding of any kind, no subsystem but file transfer (sftp), session channels only.
 */
public final class SshGateway implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SshGateway.class);

    private final GatewayConfig config;
    private final SshServer server;
    private final SessionRegistry registry;
    private final GatewayAudit audit;
    private final Observers observers;
    private final CommandAdmission admission;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "hoshu-grant-end");
        thread.setDaemon(true);
        return thread;
    });

    public SshGateway(GatewayConfig config, UserCertificateAuthority userCa, GrantLookup grants, DeviceTunnels tunnels,
                      RecordingStore recordings, Clock clock, AuditTrail auditTrail, ActiveLocks locks) {
        this(config, userCa, grants, tunnels, recordings, clock, auditTrail, locks, SessionTimings.DEFAULTS);
    }

    public SshGateway(GatewayConfig config, UserCertificateAuthority userCa, GrantLookup grants, DeviceTunnels tunnels,
                      RecordingStore recordings, Clock clock, AuditTrail auditTrail, ActiveLocks locks,
                      SessionTimings timings) {
        this(config, userCa, grants, tunnels, recordings, clock, auditTrail, locks, timings, ToolTrust.NONE);
    }

    public SshGateway(GatewayConfig config, UserCertificateAuthority userCa, GrantLookup grants, DeviceTunnels tunnels,
                      RecordingStore recordings, Clock clock, AuditTrail auditTrail, ActiveLocks locks,
                      SessionTimings timings, ToolTrust toolTrust) {
        this(config, userCa, grants, tunnels, recordings, clock, auditTrail, locks, timings, toolTrust,
                DeviceRoutes.localOnly(tunnels));
    }

    /** @param routes where device channels open: only this node's tunnels, or also those of peer nodes */
    public SshGateway(GatewayConfig config, UserCertificateAuthority userCa, GrantLookup grants, DeviceTunnels tunnels,
                      RecordingStore recordings, Clock clock, AuditTrail auditTrail, ActiveLocks locks,
                      SessionTimings timings, ToolTrust toolTrust, DeviceRoutes routes) {
        this.config = config;
        this.observers = new Observers(auditTrail);
        this.registry = new SessionRegistry(grants, clock);
        tunnels.handleControl(new StopReportHandler(registry, DeviceTunnels::deviceOf, clock));
        routes.shareDeviceReports(registry);
        GrantCertificateCheck check = new GrantCertificateCheck(userCa.publicKey(), grants, locks, clock);
        this.audit = new GatewayAudit(auditTrail, grants);
        registry.auditRefusalsWith(new DeviceRefusalAudit(audit));
        tunnels.handleControl(new ToolRefusalHandler(registry));
        this.admission = new CommandAdmission(grants, locks, clock);
        SessionServices services = new SessionServices(admission, recordings,
                tunnels, registry, config.nodeName(), clock, timer, audit, locks, timings, observers, toolTrust,
                routes);

        server = SshServer.setUpDefaultServer();
        server.setHost(config.bindHost());
        server.setPort(config.port());
        server.setKeyPairProvider(GatewayHostKey.at(config.hostKeyFile()));
        GatewayAlgorithms.restrict(server);
        server.setUserAuthFactories(List.of(new ExplainingPublicKeyAuthFactory(check, audit)));
        server.setPublickeyAuthenticator(new GrantCertificateAuthenticator(check));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setGSSAuthenticator(null);
        server.setHostBasedAuthenticator(null);
        server.setChannelFactories(List.of(new GuardedChannelSessionFactory(audit),
                new ClosedChannelType("direct-tcpip", ClosedFeature.LOCAL_FORWARDING, audit),
                new ClosedChannelType("direct-streamlocal@openssh.com", ClosedFeature.LOCAL_FORWARDING, audit),
                new ClosedChannelType("tun@openssh.com", ClosedFeature.TUNNEL_DEVICE, audit)));
        server.setForwardingFilter(new ClosedForwarding(audit));
        server.setSubsystemFactories(List.of(new FileTransferFactory(services)));
        server.setCommandFactory(new ToolExecFactory(services));
        server.setSessionFactory(new GatewaySessionFactory(server, audit));
    }

    /** Binds and starts accepting engineers; returns the bound address (the real port when 0 was asked). */
    public InetSocketAddress start() {
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the SSH gateway on " + config.bindHost() + ":"
                    + config.port() + ": " + e.getMessage(), e);
        }
        InetSocketAddress bound = new InetSocketAddress(config.bindHost(), server.getPort());
        log.info("SSH gateway listening on {}", bound);
        return bound;
    }

    /** Refuses every new session from now on with this one line (the node drains); live sessions run on. */
    public void stopAdmitting(String refusal) {
        admission.close(refusal);
    }

    /** Ends every live session with the reason (recorded and audited as the broker's cut), as at a stop. */
    public void endAll(String reason) {
        registry.list().forEach(session -> audit.brokerKill(session, reason));
        registry.endAll("broker", reason);
    }

    /** The sessions running through this gateway, and their kill switch. */
    public LiveSessions liveSessions() {
        return registry;
    }

    /** Who watches which of this gateway's sessions, and their live views. */
    public Observers observers() {
        return observers;
    }

    @Override
    public void close() throws IOException {
        String reason = "broker node " + config.nodeName() + " is stopping";
        registry.list().forEach(session -> audit.brokerKill(session, reason));
        registry.endAll("broker", reason);
        timer.shutdownNow();
        observers.close();
        server.stop(true);
    }
}
