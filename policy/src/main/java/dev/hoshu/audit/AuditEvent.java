package dev.hoshu.audit;

import java.util.Map;

/**
 * One administrative act, allowed or refused, as the append-only audit log keeps it (REQ-REC-6):
 * who did what to what, for which hospital, and why it was refused if it was.
 *
 * @param action       what was attempted, dotted lower case: {@code request.create}, {@code request.approve},
 *                     {@code grant.certificate}, {@code session.start}, {@code session.kill},
 *                     {@code device.enroll}, {@code device.join-token}, {@code recording.view}, …
 * @param actor        who: a user's subject, {@code device:CT-01}, or {@code broker} for the system itself
 * @param organisation the actor's hospital or company, or {@code null} when unknown (a refused stranger)
 * @param hospital     the hospital whose data or device it concerns, or {@code null}
 * @param target       the object acted on: a request, grant, session, device or recording id
 * @param outcome      allowed or refused
 * @param reason       the one-line refusal, or a short note for an allowed act; may be {@code null}
 * @param details      further facts worth keeping (tool, category, remote address, …); never secrets
 */
public record AuditEvent(String action, String actor, String organisation, String hospital, String target,
                         Outcome outcome, String reason, Map<String, String> details) {

    public enum Outcome {
        ALLOWED,
        REFUSED
    }

    public AuditEvent {
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    public static AuditEvent allowed(String action, String actor, String organisation, String hospital, String target,
                                     Map<String, String> details) {
        return new AuditEvent(action, actor, organisation, hospital, target, Outcome.ALLOWED, null, details);
    }

    public static AuditEvent refused(String action, String actor, String organisation, String hospital, String target,
                                     String reason, Map<String, String> details) {
        return new AuditEvent(action, actor, organisation, hospital, target, Outcome.REFUSED, reason, details);
    }
}
