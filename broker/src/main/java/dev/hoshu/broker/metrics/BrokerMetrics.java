package dev.hoshu.broker.metrics;

import dev.hoshu.audit.AuditEvent;
import dev.hoshu.broker.audit.FileAuditTrail;
import dev.hoshu.broker.killswitch.LiveSessions;
import dev.hoshu.broker.reversetunnel.DeviceTunnels;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The broker's own meters. Gauges and function counters read the live objects when scraped, so the session
 * and tunnel paths carry no metrics code; audited acts are counted once they are on disk.
 */
final class BrokerMetrics implements MeterBinder {

    private final DeviceTunnels tunnels;
    private final LiveSessions sessions;
    private final FileAuditTrail audit;

    BrokerMetrics(DeviceTunnels tunnels, LiveSessions sessions, FileAuditTrail audit) {
        this.tunnels = tunnels;
        this.sessions = sessions;
        this.audit = audit;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("hoshu.tunnels.connected", tunnels, t -> t.onlineDevices().size())
                .description("device tunnels up on this node, with their SSH session")
                .register(registry);
        FunctionCounter.builder("hoshu.tunnel.handshakes", tunnels, t -> t.handshakesCompleted())
                .tag("outcome", "completed")
                .description("TLS handshakes on the tunnel port that presented a device certificate")
                .register(registry);
        FunctionCounter.builder("hoshu.tunnel.handshakes", tunnels, t -> t.handshakesRefused())
                .tag("outcome", "refused")
                .description("tunnel handshakes refused before admission (expired, foreign or retired certificate)")
                .register(registry);
        Gauge.builder("hoshu.sessions.live", sessions, s -> s.list().size())
                .description("engineer sessions running on this node")
                .register(registry);
        audit.afterRecord(event -> auditedAct(registry, event));
    }

    /** The audited acts that cut access, by what they cut. */
    private static final java.util.Map<String, String> CUTS = java.util.Map.of("session.kill", "session",
            "grant.revoke", "grant", "lock.create", "lock", "device.decommission", "device");

    private static void auditedAct(MeterRegistry registry, AuditEvent event) {
        String cut = CUTS.get(event.action());
        if (cut != null && event.outcome() == AuditEvent.Outcome.ALLOWED) {
            Counter.builder("hoshu.cuts").tag("target", cut)
                    .description("cuts made on this node (kills, revocations, locks, decommissionings) by target")
                    .register(registry).increment();
        }
        Counter.builder("hoshu.audit.events")
                .tag("action", event.action())
                .tag("outcome", event.outcome().name().toLowerCase(java.util.Locale.ROOT))
                .description("audited acts by action and outcome: requests, approvals, sessions, cuts, locks, refusals")
                .register(registry)
                .increment();
    }
}
