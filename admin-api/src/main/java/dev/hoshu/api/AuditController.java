package dev.hoshu.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.hoshu.access.Actor;
import dev.hoshu.api.service.AuditQuery;
import dev.hoshu.api.service.AuditService;
import dev.hoshu.api.service.RefusedException;
import dev.hoshu.audit.AuditEntry;
import dev.hoshu.audit.AuditEvent;
import dev.hoshu.audit.AuditSyslog;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** The audit log for auditors, hospital admins and the operator: a filtered list, or a JSON Lines / syslog download. */
@RestController
@RequestMapping("/api/v1/audit")
public class AuditController {

    static final int DEFAULT_LIMIT = 1000;
    static final int MAX_LIMIT = 10_000;
    private static final Pattern ACTION_PREFIX = Pattern.compile("[a-z][a-z.-]{0,63}");
    private static final MediaType JSON_LINES = MediaType.parseMediaType("application/jsonl;charset=UTF-8");
    private static final MediaType SYSLOG = MediaType.parseMediaType("text/plain;charset=UTF-8");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final AuditService audit;

    public AuditController(AuditService audit) {
        this.audit = audit;
    }

    /** One event on the wire; {@code details} is left out where the reader may not see it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record EventView(long i, String at, String node, String action, String actor, String org, String hospital,
                     String target, String outcome, String reason, Map<String, String> details) {

        static EventView of(AuditEntry entry) {
            AuditEvent e = entry.event();
            return new EventView(entry.index(), entry.at().toString(), entry.node(), e.action(), e.actor(),
                    e.organisation(), e.hospital(), e.target(), e.outcome().name().toLowerCase(Locale.ROOT),
                    e.reason(), e.details().isEmpty() ? null : e.details());
        }
    }

    @GetMapping
    Mono<List<EventView>> list(Actor actor, @RequestParam(required = false) String since,
                               @RequestParam(required = false) String until,
                               @RequestParam(required = false) String action,
                               @RequestParam(required = false) String limit) {
        AuditQuery query = query(since, until, action, limit);
        return Blocking.call(() -> audit.events(actor, query).stream().map(EventView::of).toList());
    }

    @GetMapping("/export")
    Mono<ResponseEntity<Flux<String>>> export(Actor actor, @RequestParam(required = false) String since,
                                              @RequestParam(required = false) String until,
                                              @RequestParam(required = false) String action,
                                              @RequestParam(required = false, defaultValue = "jsonl") String format) {
        boolean syslog = switch (format) {
            case "jsonl" -> false;
            case "syslog" -> true;
            default -> throw RefusedException.badRequest("bad request: format must be jsonl or syslog");
        };
        AuditQuery query = query(since, until, action, null);
        // The service is asked first, so a refusal is a 4xx answer and not a broken download.
        return Blocking.call(() -> audit.export(actor, query)).map(entries -> ResponseEntity.ok()
                .contentType(syslog ? SYSLOG : JSON_LINES)
                .body(Flux.fromStream(entries)
                        .map(entry -> (syslog ? AuditSyslog.line(entry) : JSON.writeValueAsString(EventView.of(entry))) + "\n")
                        .doFinally(signal -> entries.close())));
    }

    private static AuditQuery query(String since, String until, String action, String limit) {
        Instant from = instant("since", since, Instant.EPOCH);
        Instant to = instant("until", until, Instant.now().plusSeconds(1));
        if (!from.isBefore(to)) {
            throw RefusedException.badRequest("bad request: since must be before until");
        }
        if (action != null && !action.isEmpty() && !ACTION_PREFIX.matcher(action).matches()) {
            throw RefusedException.badRequest("bad request: action must be a dotted lower-case prefix such as request.");
        }
        return new AuditQuery(from, to, action == null ? "" : action, limit(limit));
    }

    private static Instant instant(String name, String value, Instant absent) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw RefusedException.badRequest("bad request: " + name + " must be an ISO-8601 UTC time such as "
                    + "2026-11-21T00:00:00Z");
        }
    }

    private static int limit(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // Answered below, in the same words as an out-of-range number.
        }
        throw RefusedException.badRequest("bad request: limit must be a number from 1 to " + MAX_LIMIT);
    }
}
