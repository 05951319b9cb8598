package dev.hoshu.api;

import dev.hoshu.access.AccessRequest;
import dev.hoshu.access.Actor;
import dev.hoshu.api.service.AccessService;
import dev.hoshu.api.service.Approval;
import dev.hoshu.api.service.NewRequest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Access requests: engineers ask, approvers of the device's hospital approve or deny. */
@RestController
@RequestMapping("/api/v1/requests")
public class RequestsController {

    private final AccessService access;

    public RequestsController(AccessService access) {
        this.access = access;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Mono<AccessRequest> create(Actor actor, @RequestBody Mono<NewRequest> body) {
        // The role is checked before the body is read, so a caller without it learns nothing about the format.
        Roles.require(actor, "requesting access", Roles.ENGINEER);
        return body.flatMap(request -> Blocking.call(() -> access.createRequest(actor, request)));
    }

    @GetMapping
    Mono<List<AccessRequest>> list(Actor actor) {
        Roles.require(actor, "listing requests", Roles.ENGINEER, Roles.APPROVER);
        return Blocking.call(() -> access.requests(actor));
    }

    /** {@code {"start": "2026-11-21T01:00:00Z"}}, optional: a later start for the grant than the approval. */
    record ApproveBody(Instant start) {
    }

    @PostMapping("/{id}/approve")
    Mono<Approval> approve(Actor actor, @PathVariable String id,
                           @RequestBody(required = false) Mono<ApproveBody> body) {
        Roles.require(actor, "approving", Roles.APPROVER);
        return body.map(b -> Optional.ofNullable(b.start())).defaultIfEmpty(Optional.empty())
                .flatMap(start -> Blocking.call(() -> access.approve(actor, id, start.orElse(null))));
    }

    @PostMapping("/{id}/deny")
    Mono<AccessRequest> deny(Actor actor, @PathVariable String id, @RequestBody(required = false) Mono<ReasonBody> body) {
        Roles.require(actor, "denying", Roles.APPROVER);
        return ReasonBody.reasonOf(body).flatMap(reason -> Blocking.call(() -> access.deny(actor, id, reason)));
    }
}
