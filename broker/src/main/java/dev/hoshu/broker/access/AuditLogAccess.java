package dev.hoshu.broker.access;

import dev.hoshu.access.Actor;
import dev.hoshu.api.service.AuditQuery;
import dev.hoshu.api.service.AuditService;
import dev.hoshu.api.service.RefusedException;
import dev.hoshu.audit.AuditEntry;
import dev.hoshu.broker.audit.AuditLogDirectory;
import dev.hoshu.broker.audit.AuditTrail;
import dev.hoshu.broker.audit.AuditedAct;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Who reads which audit events: a hospital's auditors and admins that hospital's events (the hospital field
 * equals their organisation), the platform operator every event but without details, nobody else anything.
 * Reading is itself audited.
 */
public final class AuditLogAccess implements AuditService {

    private final AuditLogDirectory log;
    private final AccessAudit audit;

    public AuditLogAccess(AuditLogDirectory log, AuditTrail audit) {
        this.log = log;
        this.audit = new AccessAudit(audit);
    }

    @Override
    public List<AuditEntry> events(Actor actor, AuditQuery query) {
        return audit.run("audit.view", actor, act -> {
            try (Stream<AuditEntry> entries = readable(actor, query, act)) {
                return entries.limit(query.limit()).toList();
            }
        });
    }

    @Override
    public Stream<AuditEntry> export(Actor actor, AuditQuery query) {
        return audit.run("audit.export", actor, act -> readable(actor, query, act));
    }

    private Stream<AuditEntry> readable(Actor actor, AuditQuery query, AuditedAct act) {
        boolean hospitalStaff = actor.hasRole("auditor") || actor.hasRole("hospital-admin");
        boolean operator = actor.hasRole("operator");
        act.about(hospitalStaff ? actor.organisation() : null, "audit-log")
                .detail("since", query.since().toString()).detail("until", query.until().toString())
                .detail("action", query.actionPrefix().isEmpty() ? null : query.actionPrefix());
        if (!hospitalStaff && !operator) {
            throw RefusedException.forbidden("denied: reading the audit log needs the auditor, hospital-admin or"
                    + " operator role");
        }
        // Recorded before the first event is read: the read is an act like any other.
        act.allow();
        UnaryOperator<AuditEntry> shown = entry -> hospitalStaff && isOwn(entry, actor) ? entry : entry.withoutDetails();
        try {
            return log.entries(query.since(), query.until())
                    .filter(entry -> entry.event().action() != null
                            && entry.event().action().startsWith(query.actionPrefix()))
                    .filter(entry -> operator || isOwn(entry, actor))
                    .map(shown);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit log: " + e.getMessage(), e);
        }
    }

    private static boolean isOwn(AuditEntry entry, Actor actor) {
        return actor.organisation().equals(entry.event().hospital());
    }
}
