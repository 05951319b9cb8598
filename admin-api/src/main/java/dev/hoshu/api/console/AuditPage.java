package dev.hoshu.api.console;

import dev.hoshu.api.Blocking;
import dev.hoshu.api.service.AuditQuery;
import dev.hoshu.api.service.AuditService;
import dev.hoshu.api.service.RefusedException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The audit log with filters (from, until in the hospital's time, action prefix, outcome), newest last, as the
 * audit service lets the caller see it ({@code /api/v1/audit}).
 */
@Controller
public class AuditPage {

    static final int LIMIT = 200;

    private final ConsoleActors actors;
    private final AuditService audit;
    private final ConsoleTime time;

    public AuditPage(ConsoleActors actors, AuditService audit, ConsoleTime time) {
        this.actors = actors;
        this.audit = audit;
        this.time = time;
    }

    @GetMapping("/console/audit")
    Mono<Rendering> page(ServerWebExchange exchange, @RequestParam(required = false) String from,
                         @RequestParam(required = false) String until, @RequestParam(required = false) String action,
                         @RequestParam(required = false) String outcome) {
        Instant since = local("from", from, Instant.now().minus(java.time.Duration.ofDays(1)));
        Instant to = local("until", until, Instant.now().plusSeconds(1));
        if (!since.isBefore(to)) {
            throw RefusedException.badRequest("refused: from must be before until");
        }
        String prefix = action == null ? "" : action.strip();
        if (!prefix.isEmpty() && !prefix.matches("[a-z][a-z.-]{0,63}")) {
            throw RefusedException.badRequest("refused: action must be a dotted lower-case prefix such as request.");
        }
        if (outcome != null && !outcome.isEmpty() && !outcome.equals("ALLOWED") && !outcome.equals("REFUSED")) {
            throw RefusedException.badRequest("refused: outcome must be ALLOWED or REFUSED");
        }
        return actors.actor(exchange).flatMap(actor -> Blocking.call(() -> Rendering.view("console/audit")
                .modelAttribute("actor", actor)
                .modelAttribute("events", audit.events(actor, new AuditQuery(since, to, prefix, LIMIT)).stream()
                        .filter(e -> outcome == null || outcome.isEmpty()
                                || e.event().outcome().name().equals(outcome)).toList())
                .modelAttribute("from", from).modelAttribute("until", until).modelAttribute("action", prefix)
                .modelAttribute("outcome", outcome).modelAttribute("limit", LIMIT).build()));
    }

    private Instant local(String name, String value, Instant absent) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            return time.parseLocal(value.strip());
        } catch (DateTimeParseException e) {
            throw RefusedException.badRequest("refused: " + name + " must be a date and time such as 2026-11-21T09:00");
        }
    }
}
