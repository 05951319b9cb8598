package dev.hoshu.api;

import dev.hoshu.access.Actor;
import dev.hoshu.api.service.KillResult;
import dev.hoshu.api.service.SessionService;
import dev.hoshu.api.service.SessionView;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Running sessions and the kill switch. */
@RestController
@RequestMapping("/api/v1/sessions")
public class SessionsController {

    private final SessionService sessions;

    public SessionsController(SessionService sessions) {
        this.sessions = sessions;
    }

    @GetMapping
    Mono<List<SessionView>> list(Actor actor) {
        Roles.require(actor, "listing sessions", Roles.APPROVER, Roles.AUDITOR, Roles.HOSPITAL_ADMIN, Roles.ENGINEER);
        return Blocking.call(() -> sessions.sessions(actor));
    }

    @GetMapping("/{id}")
    Mono<SessionView> one(Actor actor, @PathVariable String id) {
        Roles.require(actor, "viewing a session", Roles.APPROVER, Roles.AUDITOR, Roles.HOSPITAL_ADMIN, Roles.ENGINEER);
        return Blocking.call(() -> sessions.session(actor, id));
    }

    @PostMapping("/{id}/kill")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<KillResult> kill(Actor actor, @PathVariable String id, @RequestBody(required = false) Mono<ReasonBody> body) {
        Roles.require(actor, "killing a session", Roles.APPROVER, Roles.HOSPITAL_ADMIN);
        return ReasonBody.reasonOf(body).flatMap(reason -> Blocking.call(() -> sessions.kill(actor, id, reason)));
    }
}
