package dev.hoshu.broker.access;

import dev.hoshu.access.Actor;
import dev.hoshu.api.service.RefusedException;
import dev.hoshu.broker.audit.AuditTrail;
import dev.hoshu.broker.audit.AuditUnavailableException;
import dev.hoshu.broker.audit.AuditedAct;
import dev.hoshu.broker.audit.AuditedCall;
import java.util.function.Function;

/** The access services' name for {@link AuditedCall}: one audit event per API act, fail closed. */
final class AccessAudit {

    private final AuditedCall call;

    AccessAudit(AuditTrail trail) {
        this.call = new AuditedCall(trail);
    }

    <T> T run(String action, Actor actor, Function<AuditedAct, T> work) {
        return call.run(action, actor, work);
    }

    static RefusedException unavailable(AuditUnavailableException cause) {
        return AuditedCall.unavailable(cause);
    }
}
