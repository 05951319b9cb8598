package dev.hoshu.api.console;

import dev.hoshu.access.Actor;
import dev.hoshu.access.Grant;
import dev.hoshu.api.Blocking;
import dev.hoshu.api.Roles;
import dev.hoshu.api.service.GrantService;
import dev.hoshu.api.service.GrantView;
import dev.hoshu.api.service.RefusedException;
import dev.hoshu.api.service.SessionService;
import dev.hoshu.api.service.SessionView;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Live sessions (who, where, what, time left), one session's live output through the observers' live view, and
 * the kill switch with confirmation and reason; the same role gates as {@code /api/v1/sessions}.
 */
@Controller
public class SessionsPage {

    private final ConsoleActors actors;
    private final SessionService sessions;
    private final GrantService grants;

    public SessionsPage(ConsoleActors actors, SessionService sessions, GrantService grants) {
        this.actors = actors;
        this.sessions = sessions;
        this.grants = grants;
    }

    @GetMapping("/console/sessions")
    Mono<Rendering> list(ServerWebExchange exchange, @org.springframework.web.bind.annotation.RequestParam(
            required = false) String notice) {
        return actors.actor(exchange).flatMap(actor -> Blocking.call(() -> {
            Roles.require(actor, "listing sessions", Roles.APPROVER, Roles.AUDITOR, Roles.HOSPITAL_ADMIN, Roles.ENGINEER);
            Map<String, Instant> ends = grantEnds(actor);
            List<SessionRow> rows = sessions.sessions(actor).stream()
                    .map(s -> new SessionRow(s, ends.get(s.grantId()))).toList();
            return Rendering.view("console/sessions").modelAttribute("actor", actor).modelAttribute("rows", rows)
                    .modelAttribute("notice", Notices.known(notice)).build();
        }));
    }

    @GetMapping("/console/sessions/{id}")
    Mono<Rendering> one(ServerWebExchange exchange, @PathVariable String id,
                        @org.springframework.web.bind.annotation.RequestParam(required = false) String notice) {
        return actors.actor(exchange).flatMap(actor -> Blocking.call(() -> {
            Roles.require(actor, "viewing a session", Roles.APPROVER, Roles.AUDITOR, Roles.HOSPITAL_ADMIN, Roles.ENGINEER);
            SessionView session = sessions.session(actor, id);
            return Rendering.view("console/session").modelAttribute("actor", actor)
                    .modelAttribute("row", new SessionRow(session, grantEnds(actor).get(session.grantId())))
                    .modelAttribute("watch", actor.hasRole(Roles.APPROVER) || actor.hasRole(Roles.AUDITOR))
                    .modelAttribute("kill", actor.hasRole(Roles.APPROVER) || actor.hasRole(Roles.HOSPITAL_ADMIN))
                    .modelAttribute("notice", Notices.known(notice)).build();
        }));
    }

    /**
     * The live view as server-sent events, one recording line per event. Who may watch is the service's decision,
     * so every refusal is audited with its reason, as on {@code GET /api/v1/sessions/{id}/live}.
     */
    @GetMapping(path = "/console/sessions/{id}/live", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @ResponseBody
    Mono<org.springframework.http.ResponseEntity<Flux<ServerSentEvent<String>>>> live(ServerWebExchange exchange,
                                                                                   @PathVariable String id) {
        return actors.actor(exchange)
                .flatMap(actor -> Blocking.call(() -> sessions.watch(actor, id)))
                .map(view -> org.springframework.http.ResponseEntity.ok()
                        .header("Cache-Control", "no-store").header("X-Accel-Buffering", "no")
                        .body(JdkFlowAdapter.flowPublisherToFlux(view)
                                .map(line -> ServerSentEvent.builder(line).event("line").build())
                                .concatWith(Mono.just(ServerSentEvent.builder("").event("end").build()))))
                .onErrorResume(RefusedException.class, refused -> Mono.just(org.springframework.http.ResponseEntity
                        .status(status(refused)).header("Cache-Control", "no-store")
                        .body(Flux.just(ServerSentEvent.builder(refused.getMessage()).event("refused").build()))));
    }

    @PostMapping("/console/sessions/{id}/kill")
    Mono<Rendering> kill(ServerWebExchange exchange, @PathVariable String id) {
        return actors.actor(exchange).flatMap(actor -> exchange.getFormData().flatMap(form -> Blocking.call(() -> {
            Roles.require(actor, "killing a session", Roles.APPROVER, Roles.HOSPITAL_ADMIN);
            Forms.confirmed(form, "killing a session");
            sessions.kill(actor, id, Forms.reason(form));
            return Rendering.redirectTo("/console/sessions/" + Ids.path(id) + "?notice=killed").build();
        })));
    }

    private Map<String, Instant> grantEnds(Actor actor) {
        try {
            return grants.grants(actor, false).stream().map(GrantView::grant)
                    .collect(Collectors.toMap(Grant::id, Grant::notAfter, (a, b) -> a));
        } catch (RefusedException notVisible) {
            return Map.of();
        }
    }

    private static int status(RefusedException refused) {
        return switch (refused.status()) {
            case BAD_REQUEST -> 400;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case UNAVAILABLE -> 503;
        };
    }
}
