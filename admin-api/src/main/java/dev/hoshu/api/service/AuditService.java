package dev.hoshu.api.service;

import dev.hoshu.access.Actor;
import dev.hoshu.audit.AuditEntry;
import java.util.List;
import java.util.stream.Stream;

/**
 * The audit log for those who may read it: a hospital's auditors and admins see that hospital's events,
 * the platform operator sees every event without its details. Refusals are {@link RefusedException}s.
 */
public interface AuditService {

    List<AuditEntry> events(Actor actor, AuditQuery query);

    /** Every matching event, read lazily for a download (the query's limit does not apply); close the stream. */
    Stream<AuditEntry> export(Actor actor, AuditQuery query);
}
