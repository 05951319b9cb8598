package dev.hoshu.broker.notify;

import dev.hoshu.access.Names;
import dev.hoshu.api.service.RefusedException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The notices a subscription can ask for: access events, then cuts, then issued repair reports. */
final class WebhookEvents {

    static final List<String> ALL = List.of("request.created", "request.approved", "request.denied",
            "request.expired", "grant.revoked", "emergency.opened", "session.killed", "lock.created", "lock.removed",
            "session.stopped", "device.switched-off", "device.switched-on", "report.issued");

    private WebhookEvents() {
    }

    /** The events asked for, each known and named once; empty means all. */
    static List<String> checked(List<String> asked) {
        if (asked == null) {
            return List.of();
        }
        Set<String> events = new LinkedHashSet<>();
        for (String event : asked) {
            if (event == null || !ALL.contains(event)) {
                throw RefusedException.badRequest("refused: unknown event " + Names.quoted(event) + "; events are "
                        + String.join(", ", ALL));
            }
            events.add(event);
        }
        return List.copyOf(events);
    }
}
