package dev.hoshu.broker.access;

import dev.hoshu.access.Actor;
import dev.hoshu.api.service.RefusedException;
import dev.hoshu.broker.audit.AuditTrail;
import dev.hoshu.broker.audit.AuditUnavailableException;
import dev.hoshu.broker.audit.AuditedAct;
import java.util.function.Function;

/**
 * Runs an API act so that it leaves exactly one audit event: the act calls {@link AuditedAct#allow} right
 * before it takes effect; a refusal on the way is recorded with the line the user sees. When the event
 * cannot be written the act is refused with a 503 (fail closed).
 */
final class AccessAudit {

    private final AuditTrail trail;

    AccessAudit(AuditTrail trail) {
        this.trail = trail;
    }

    <T> T run(String action, Actor actor, Function<AuditedAct, T> work) {
        AuditedAct act = new AuditedAct(trail, action, actor.subject(), actor.organisation());
        try {
            T result = work.apply(act);
            act.allow();
            return result;
        } catch (AuditUnavailableException unavailable) {
            throw unavailable(unavailable);
        } catch (RefusedException refusal) {
            if (refusal.status() != RefusedException.Status.UNAVAILABLE) {
                refuse(act, refusal.getMessage());
            }
            throw refusal;
        } catch (RuntimeException fault) {
            refuse(act, "failed: internal error");
            throw fault;
        }
    }

    private static void refuse(AuditedAct act, String line) {
        try {
            act.refuse(line);
        } catch (AuditUnavailableException unavailable) {
            throw unavailable(unavailable);
        }
    }

    static RefusedException unavailable(AuditUnavailableException cause) {
        return RefusedException.unavailable("refused: " + cause.getMessage());
    }
}
