package dev.hoshu.broker.access;

import dev.hoshu.audit.AuditEvent;
import dev.hoshu.broker.audit.AuditTrail;
import dev.hoshu.broker.audit.AuditUnavailableException;
import dev.hoshu.broker.audit.AuditedAct;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audits refusals of peers nobody has verified yet (failed handshakes, oversized or malformed enrollment frames).
 * Each costs an audit line, and a flood of them must not fill the disk: an audit log that cannot be written stops
 * every act of the broker. So at most {@code perMinute} are itemised each minute; the rest are counted and one
 * line says how many there were.
 */
final class UnverifiedPeerRefusals {

    static final int DEFAULT_PER_MINUTE = 120;
    private static final Logger log = LoggerFactory.getLogger(UnverifiedPeerRefusals.class);

    private final AuditTrail audit;
    private final String action;
    private final Clock clock;
    private final int perMinute;
    private long minute = Long.MIN_VALUE;
    private int itemised;
    private int suppressed;

    UnverifiedPeerRefusals(AuditTrail audit, String action, Clock clock, int perMinute) {
        this.audit = audit;
        this.action = action;
        this.clock = clock;
        this.perMinute = perMinute;
    }

    /** Audits {@code act}'s refusal if this minute's budget allows; never throws. */
    void refuse(AuditedAct act, String reason) {
        if (!withinBudget()) {
            // Whoever refused has logged it; the audit log gets the minute's count. A line here too was thousands
            // of lines a second in a reconnect storm.
            log.debug("{} refused (not itemised in the audit log this minute): {}", action, reason);
            return;
        }
        try {
            act.refuse(reason);
        } catch (AuditUnavailableException e) {
            log.warn("refusal could not be audited ({}): {}", e.getMessage(), reason);
        }
    }

    private boolean withinBudget() {
        int overflow;
        synchronized (this) {
            long now = clock.millis() / 60_000;
            overflow = now != minute ? suppressed : 0;
            if (now != minute) {
                minute = now;
                itemised = 0;
                suppressed = 0;
            }
            if (itemised >= perMinute) {
                suppressed++;
            } else {
                itemised++;
            }
            if (overflow == 0) {
                return suppressed == 0;
            }
        }
        summarise(overflow);
        return true;
    }

    private void summarise(int count) {
        try {
            audit.record(AuditEvent.refused(action, "peer:unverified", null, null, null,
                    count + " further refusals of unverified peers in the previous minute were not itemised",
                    Map.of("count", Integer.toString(count), "perMinute", Integer.toString(perMinute))));
        } catch (AuditUnavailableException e) {
            log.warn("{} refusals of unverified peers not itemised, and the summary could not be audited: {}", count,
                    e.getMessage());
        }
    }
}
