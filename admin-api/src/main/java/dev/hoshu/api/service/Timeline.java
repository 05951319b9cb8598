package dev.hoshu.api.service;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An incident timeline, oldest first.
 *
 * @param subject {@code device CT-01} or {@code engineer sato}
 */
public record Timeline(String hospital, String subject, Instant from, Instant to, List<Entry> entries) {

    public Timeline {
        entries = List.copyOf(entries);
    }

    /**
     * One fact.
     *
     * @param source  {@code audit} (the audit log) or {@code recording} (a session's recording)
     * @param kind    the audit action ({@code request.approve}, {@code session.kill}, …) or the recording's
     *                {@code session.recorded}, {@code session.exit}, {@code session.cut}
     * @param session the session id when the fact belongs to one, else {@code null}
     */
    public record Entry(Instant at, String source, String kind, String actor, String target, String outcome,
                        String session, Map<String, String> details) {
        public Entry {
            details = details == null ? Map.of() : Map.copyOf(details);
        }
    }
}
