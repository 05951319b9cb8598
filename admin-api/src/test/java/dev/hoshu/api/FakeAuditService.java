package dev.hoshu.api;

import dev.hoshu.access.Actor;
import dev.hoshu.api.service.AuditQuery;
import dev.hoshu.api.service.AuditService;
import dev.hoshu.audit.AuditEntry;
import dev.hoshu.audit.AuditEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/** Two fixed audit events; remembers the last query and can be told to fail next. */
@Component
public class FakeAuditService implements AuditService {

    static final Instant T0 = Instant.parse("2026-11-21T01:00:00Z");

    final AtomicReference<AuditQuery> lastQuery = new AtomicReference<>();
    final AtomicReference<Supplier<RuntimeException>> failNext = new AtomicReference<>();

    static List<AuditEntry> entries() {
        return List.of(
                new AuditEntry(1, T0, "broker-1", AuditEvent.refused("request.approve", "sato", "medserve", "hosp-a",
                        "r-1", "denied: you cannot approve your own request", Map.of())),
                new AuditEntry(2, T0.plusSeconds(1), "broker-1", AuditEvent.allowed("request.approve", "tanaka",
                        "hosp-a", "hosp-a", "r-1", Map.of("grant", "g-1"))));
    }

    private void called(AuditQuery query) {
        lastQuery.set(query);
        Supplier<RuntimeException> failure = failNext.getAndSet(null);
        if (failure != null) {
            throw failure.get();
        }
    }

    @Override
    public List<AuditEntry> events(Actor actor, AuditQuery query) {
        called(query);
        return entries();
    }

    @Override
    public Stream<AuditEntry> export(Actor actor, AuditQuery query) {
        called(query);
        return entries().stream();
    }
}
