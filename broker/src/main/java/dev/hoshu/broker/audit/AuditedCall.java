package dev.hoshu.broker.audit;

import dev.hoshu.access.Actor;
import dev.hoshu.api.service.RefusedException;
import dev.hoshu.broker.state.StateUnavailableException;
import java.util.function.Function;

/**
 * Runs an API act so that it leaves exactly one audit event: the act calls {@link AuditedAct#allow} right before
 * it takes effect; a refusal on the way is recorded with the line the user sees; an event that cannot be written
 * refuses the act with a 503 (fail closed), and so does a shared state store that cannot be reached (audited).
 */
public final class AuditedCall {

    private final AuditTrail trail;

    public AuditedCall(AuditTrail trail) {
        this.trail = trail;
    }

    public <T> T run(String action, Actor actor, Function<AuditedAct, T> work) {
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
        } catch (StateUnavailableException away) {
            // Fail closed: what cannot be checked against the shared state is refused, and says why.
            refuse(act, away.refusal());
            throw RefusedException.unavailable(away.refusal());
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

    /** The 503 an act gets when its audit event cannot be written. */
    public static RefusedException unavailable(AuditUnavailableException cause) {
        return RefusedException.unavailable("refused: " + cause.getMessage());
    }
}
