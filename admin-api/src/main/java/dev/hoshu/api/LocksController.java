package dev.hoshu.api;

import dev.hoshu.access.Actor;
import dev.hoshu.api.service.LockService;
import dev.hoshu.api.service.LockView;
import dev.hoshu.api.service.NewLock;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Locks: cut remote maintenance of a session, device, engineer, company or the whole hospital, and lift the cut. */
@RestController
@RequestMapping("/api/v1/locks")
public class LocksController {

    private final LockService locks;

    public LocksController(LockService locks) {
        this.locks = locks;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Mono<LockView> lock(Actor actor, @RequestBody Mono<NewLock> body) {
        Roles.require(actor, "locking", Roles.APPROVER, Roles.HOSPITAL_ADMIN);
        return body.flatMap(lock -> Blocking.call(() -> locks.lock(actor, lock)));
    }

    @GetMapping
    Mono<List<LockView>> list(Actor actor) {
        Roles.require(actor, "listing locks", Roles.APPROVER, Roles.AUDITOR, Roles.HOSPITAL_ADMIN);
        return Blocking.call(() -> locks.locks(actor));
    }

    @DeleteMapping("/{id}")
    Mono<LockView> unlock(Actor actor, @PathVariable String id, @RequestBody(required = false) Mono<ReasonBody> body) {
        Roles.require(actor, "unlocking", Roles.APPROVER, Roles.HOSPITAL_ADMIN);
        return ReasonBody.reasonOf(body).flatMap(reason -> Blocking.call(() -> locks.unlock(actor, id, reason)));
    }
}
