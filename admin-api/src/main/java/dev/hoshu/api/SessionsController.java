package dev.hoshu.api;

import dev.hoshu.access.Actor;
import dev.hoshu.api.service.KillResult;
import dev.hoshu.api.service.SessionService;
import dev.hoshu.api.service.SessionView;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Running sessions, their live view for hospital observers, and the kill switch. */
@RestController
@RequestMapping("/api/v1/sessions")
public class SessionsController {

    private static final MediaType LIVE = MediaType.parseMediaType("application/x-ndjson;charset=UTF-8");

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

    /**
     * The live view, as JSON Lines over a chunked response (docs/observers.md). Who may watch is the service's
     * decision, so that every refusal, the engineer's own session included, is audited with its reason.
     */
    @GetMapping("/{id}/live")
    Mono<ResponseEntity<Flux<DataBuffer>>> live(Actor actor, @PathVariable String id) {
        return Blocking.call(() -> sessions.watch(actor, id)).map(view -> ResponseEntity.ok()
                .contentType(LIVE)
                .header("Cache-Control", "no-store")
                .header("X-Accel-Buffering", "no")
                .body(JdkFlowAdapter.flowPublisherToFlux(view)
                        .map(line -> DefaultDataBufferFactory.sharedInstance.wrap(
                                (line + "\n").getBytes(StandardCharsets.UTF_8)))));
    }

    @PostMapping("/{id}/kill")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<KillResult> kill(Actor actor, @PathVariable String id, @RequestBody(required = false) Mono<ReasonBody> body) {
        Roles.require(actor, "killing a session", Roles.APPROVER, Roles.HOSPITAL_ADMIN);
        return ReasonBody.reasonOf(body).flatMap(reason -> Blocking.call(() -> sessions.kill(actor, id, reason)));
    }
}
