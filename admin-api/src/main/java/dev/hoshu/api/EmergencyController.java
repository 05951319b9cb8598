package dev.hoshu.api;

import dev.hoshu.access.Actor;
import dev.hoshu.api.service.GrantService;
import dev.hoshu.api.service.GrantView;
import dev.hoshu.api.service.NewEmergency;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Emergency access: a grant without prior approval, where the hospital's policy allows it; reviewed afterwards. */
@RestController
@RequestMapping("/api/v1/emergency")
public class EmergencyController {

    private final GrantService grants;

    public EmergencyController(GrantService grants) {
        this.grants = grants;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Mono<GrantView> open(Actor actor, @RequestBody Mono<NewEmergency> body) {
        Roles.require(actor, "opening emergency access", Roles.ENGINEER);
        return body.flatMap(emergency -> Blocking.call(() -> grants.openEmergency(actor, emergency)));
    }
}
