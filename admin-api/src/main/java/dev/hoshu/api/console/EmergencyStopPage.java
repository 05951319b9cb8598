package dev.hoshu.api.console;

import dev.hoshu.api.Blocking;
import dev.hoshu.api.Roles;
import dev.hoshu.api.service.LockService;
import dev.hoshu.api.service.LockTarget;
import dev.hoshu.api.service.LockView;
import dev.hoshu.api.service.NewLock;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The emergency stop: one control that locks the caller's whole hospital (every live session ends, every grant is
 * revoked, nothing new starts until someone unlocks), and the locks standing now; the gates of
 * {@code /api/v1/locks}.
 */
@Controller
public class EmergencyStopPage {

    private final ConsoleActors actors;
    private final LockService locks;

    public EmergencyStopPage(ConsoleActors actors, LockService locks) {
        this.actors = actors;
        this.locks = locks;
    }

    @GetMapping("/console/emergency")
    Mono<Rendering> page(ServerWebExchange exchange, @RequestParam(required = false) String notice) {
        return actors.actor(exchange).flatMap(actor -> Blocking.call(() -> {
            Roles.require(actor, "listing locks", Roles.APPROVER, Roles.AUDITOR, Roles.HOSPITAL_ADMIN);
            List<LockView> standing = locks.locks(actor);
            return Rendering.view("console/emergency").modelAttribute("actor", actor)
                    .modelAttribute("locks", standing)
                    .modelAttribute("hospitalLocked", standing.stream().anyMatch(l -> "hospital".equals(l.target().kind())))
                    .modelAttribute("canLock", actor.hasRole(Roles.APPROVER) || actor.hasRole(Roles.HOSPITAL_ADMIN))
                    .modelAttribute("notice", Notices.known(notice)).build();
        }));
    }

    @PostMapping("/console/emergency")
    Mono<Rendering> stop(ServerWebExchange exchange) {
        return actors.actor(exchange).flatMap(actor -> exchange.getFormData().flatMap(form -> Blocking.call(() -> {
            Roles.require(actor, "locking", Roles.APPROVER, Roles.HOSPITAL_ADMIN);
            Forms.confirmed(form, "the emergency stop");
            locks.lock(actor, new NewLock(new LockTarget("hospital", actor.organisation()), Forms.reason(form), null));
            return Rendering.redirectTo("/console/emergency?notice=hospital-locked").build();
        })));
    }

    @PostMapping("/console/devices/{id}/lock")
    Mono<Rendering> lockDevice(ServerWebExchange exchange, @PathVariable String id) {
        return actors.actor(exchange).flatMap(actor -> exchange.getFormData().flatMap(form -> Blocking.call(() -> {
            Roles.require(actor, "locking", Roles.APPROVER, Roles.HOSPITAL_ADMIN);
            locks.lock(actor, new NewLock(new LockTarget("device", id), Forms.reason(form), null));
            return Rendering.redirectTo("/console/devices?notice=locked").build();
        })));
    }

    @PostMapping("/console/locks/{id}/unlock")
    Mono<Rendering> unlock(ServerWebExchange exchange, @PathVariable String id) {
        return actors.actor(exchange).flatMap(actor -> exchange.getFormData().flatMap(form -> Blocking.call(() -> {
            Roles.require(actor, "unlocking", Roles.APPROVER, Roles.HOSPITAL_ADMIN);
            locks.unlock(actor, id, Forms.reason(form));
            String back = "devices".equals(form.getFirst("back")) ? "/console/devices" : "/console/emergency";
            return Rendering.redirectTo(back + "?notice=unlocked").build();
        })));
    }
}
