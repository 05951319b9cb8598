package dev.hoshu.api;

import dev.hoshu.access.Actor;
import dev.hoshu.api.service.CaRotationService;
import dev.hoshu.api.service.CaStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The device CA's rotation. The operator role is checked by the service, so refused calls are audited too. */
@RestController
@RequestMapping("/api/v1/ca")
public class CaRotationController {

    private final CaRotationService rotation;

    public CaRotationController(CaRotationService rotation) {
        this.rotation = rotation;
    }

    @GetMapping
    Mono<CaStatus> status(Actor actor) {
        return Blocking.call(() -> rotation.status(actor));
    }

    @PostMapping("/rotation/{step}")
    Mono<CaStatus> rotate(Actor actor, @PathVariable String step,
                          @RequestParam(name = "force", defaultValue = "false") boolean force) {
        return Blocking.call(() -> rotation.rotate(actor, step, force));
    }
}
