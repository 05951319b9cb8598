package dev.hoshu.api;

import dev.hoshu.access.Actor;
import dev.hoshu.api.service.EnrollmentService;
import dev.hoshu.api.service.IssuedJoinToken;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Device enrollment: a hospital admin mints a one-time join token for a device. */
@RestController
@RequestMapping("/api/v1/devices")
public class DevicesController {

    private final EnrollmentService enrollment;

    public DevicesController(EnrollmentService enrollment) {
        this.enrollment = enrollment;
    }

    @PostMapping("/{id}/join-tokens")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<IssuedJoinToken> joinToken(Actor actor, @PathVariable String id) {
        Roles.require(actor, "creating a join token", Roles.HOSPITAL_ADMIN);
        return Blocking.call(() -> enrollment.createJoinToken(actor, id));
    }
}
