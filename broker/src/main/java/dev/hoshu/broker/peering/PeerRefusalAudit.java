package dev.hoshu.broker.peering;

import dev.hoshu.broker.audit.AuditTrail;
import dev.hoshu.broker.audit.AuditedAct;
import java.net.SocketAddress;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audits refused peer connections ({@code fleet.peer}, refused, with the reason). Whoever dials the peer port
 * unauthenticated could fill the audit log, so at most {@value #PER_MINUTE} a minute are audited; the log has all.
 */
final class PeerRefusalAudit implements PeerServer.Refusals {

    static final int PER_MINUTE = 30;
    private static final Logger log = LoggerFactory.getLogger(PeerRefusalAudit.class);

    private final AuditTrail audit;
    private final Clock clock;
    private final AtomicLong minute = new AtomicLong();
    private final AtomicInteger inMinute = new AtomicInteger();

    PeerRefusalAudit(AuditTrail audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public void refused(SocketAddress from, String reason) {
        long now = clock.millis() / 60_000;
        if (minute.getAndSet(now) != now) {
            inMinute.set(0);
        }
        if (inMinute.incrementAndGet() > PER_MINUTE) {
            log.debug("peer refusal from {} not audited (more than {} this minute): {}", from, PER_MINUTE, reason);
            return;
        }
        try {
            new AuditedAct(audit, "fleet.peer", "node:unverified", null).detail("remote", String.valueOf(from))
                    .refuse(reason);
        } catch (RuntimeException e) {
            log.warn("refused peer link from {} not audited: {}", from, e.getMessage());
        }
    }
}
