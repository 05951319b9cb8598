package dev.hoshu.api;

import dev.hoshu.access.Actor;
import dev.hoshu.api.service.Responsibilities;
import dev.hoshu.api.service.ResponsibilityService;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Who does what at the caller's hospital; the service checks roles so every refusal is audited. */
@RestController
public class ResponsibilitiesController {

    private final ResponsibilityService responsibilities;

    public ResponsibilitiesController(ResponsibilityService responsibilities) {
        this.responsibilities = responsibilities;
    }

    @GetMapping("/api/v1/responsibilities")
    Mono<Responsibilities> show(Actor actor) {
        return Blocking.call(() -> responsibilities.responsibilities(actor));
    }

    @PutMapping("/api/v1/responsibilities")
    Mono<Responsibilities> update(Actor actor, @RequestBody Mono<Responsibilities> body) {
        return body.flatMap(sheet -> Blocking.call(() -> responsibilities.update(actor, sheet)));
    }
}
