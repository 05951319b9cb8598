package dev.hoshu.broker.audit;

import dev.hoshu.audit.AuditEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One administrative act on its way through the checks: it gathers who, what and for which hospital as
 * they become known, and writes exactly one event, allowed or refused. {@link #allow} belongs right before
 * the act takes effect, so an act whose event cannot be written never happens.
 */
public final class AuditedAct {

    private final AuditTrail trail;
    private final String action;
    private String actor;
    private String organisation;
    private String hospital;
    private String target;
    private final Map<String, String> details = new LinkedHashMap<>();
    private boolean written;

    public AuditedAct(AuditTrail trail, String action, String actor, String organisation) {
        this.trail = trail;
        this.action = action;
        this.actor = actor;
        this.organisation = organisation;
    }

    /** Who acts, once known (a device is known only after its token is checked). */
    public AuditedAct by(String actor, String organisation) {
        this.actor = actor;
        this.organisation = organisation;
        return this;
    }

    /** The hospital the act concerns and the object it acts on. */
    public AuditedAct about(String hospital, String target) {
        this.hospital = hospital;
        this.target = target;
        return this;
    }

    /** A further fact worth keeping; never a secret. */
    public AuditedAct detail(String key, String value) {
        if (value != null) {
            details.put(key, value);
        }
        return this;
    }

    /**
     * Writes the allowed event; a second call, or a call after {@link #refuse}, writes nothing.
     *
     * @throws AuditUnavailableException when it cannot be written: the act must not happen
     */
    public void allow() {
        write(AuditEvent.Outcome.ALLOWED, null);
    }

    /**
     * Writes the refused event with the one line the user sees, unless this act's event was already written.
     *
     * @throws AuditUnavailableException when it cannot be written
     */
    public void refuse(String reason) {
        write(AuditEvent.Outcome.REFUSED, reason);
    }

    private void write(AuditEvent.Outcome outcome, String reason) {
        if (written) {
            return;
        }
        // Marked first: a failed write is not retried as a second, contradicting event.
        written = true;
        trail.record(new AuditEvent(action, actor, organisation, hospital, target, outcome, reason, details));
    }
}
