package dev.hoshu.broker.audit;

import dev.hoshu.audit.AuditEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Collects events in memory for assertions; {@link #failing()} makes every record throw, as a full disk would. */
public final class InMemoryAuditTrail implements AuditTrail {

    private final List<AuditEvent> events = new CopyOnWriteArrayList<>();
    private volatile boolean failing;

    @Override
    public void record(AuditEvent event) {
        if (failing) {
            throw new AuditUnavailableException("audit log unavailable: disk full", null);
        }
        events.add(event);
    }

    public InMemoryAuditTrail failing() {
        failing = true;
        return this;
    }

    /** Records again, as after the disk was freed. */
    public InMemoryAuditTrail working() {
        failing = false;
        return this;
    }

    public List<AuditEvent> events() {
        return List.copyOf(events);
    }

    /** The only event recorded so far; fails the test when there are none or several. */
    public AuditEvent single() {
        if (events.size() != 1) {
            throw new AssertionError("expected exactly one audit event, got " + events);
        }
        return events.get(0);
    }

    public void clear() {
        events.clear();
    }
}
