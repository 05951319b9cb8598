package dev.hoshu.api;

import dev.hoshu.access.Actor;
import dev.hoshu.api.service.PolicyService;
import dev.hoshu.api.service.PolicyView;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Hospital policies: shown to the hospital's staff and the operator, applied by the hospital's admin. */
@RestController
@RequestMapping("/api/v1/policies")
public class PoliciesController {

    /** {@code {"yaml": "hospital: hosp-a\n…"}} */
    record PolicyBody(String yaml) {
    }

    private final PolicyService policies;

    public PoliciesController(PolicyService policies) {
        this.policies = policies;
    }

    @GetMapping
    Mono<PolicyView> own(Actor actor) {
        return Blocking.call(() -> policies.show(actor, null));
    }

    @GetMapping("/{hospital}")
    Mono<PolicyView> show(Actor actor, @PathVariable String hospital) {
        return Blocking.call(() -> policies.show(actor, hospital));
    }

    @PutMapping
    Mono<PolicyView> apply(Actor actor, @RequestBody(required = false) Mono<PolicyBody> body) {
        Roles.require(actor, "applying a policy", Roles.HOSPITAL_ADMIN);
        return body.map(b -> b.yaml() == null ? "" : b.yaml()).defaultIfEmpty("")
                .flatMap(yaml -> Blocking.call(() -> policies.apply(actor, yaml)));
    }
}
