package dev.hoshu.broker.audit;

import dev.hoshu.audit.AuditEvent;

/**
 * Where every administrative act is written before it takes effect. An act whose event cannot be
 * written does not happen: {@link #record} throws and the caller refuses (fail closed).
 */
public interface AuditTrail {

    /**
     * Appends the event durably, stamped with the broker's time and node.
     *
     * @throws AuditUnavailableException when it cannot be written; the caller must refuse the act
     */
    void record(AuditEvent event);
}
