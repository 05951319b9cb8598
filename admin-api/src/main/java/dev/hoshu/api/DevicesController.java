package dev.hoshu.api;

import dev.hoshu.access.Actor;
import dev.hoshu.api.service.DeviceService;
import dev.hoshu.api.service.DeviceView;
import dev.hoshu.api.service.EnrollmentService;
import dev.hoshu.api.service.IssuedJoinToken;
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

/** Devices: the hospital's ledger, join tokens for enrollment, and decommissioning. */
@RestController
@RequestMapping("/api/v1/devices")
public class DevicesController {

    private final EnrollmentService enrollment;
    private final DeviceService devices;

    public DevicesController(EnrollmentService enrollment, DeviceService devices) {
        this.enrollment = enrollment;
        this.devices = devices;
    }

    @GetMapping
    Mono<List<DeviceView>> list(Actor actor) {
        Roles.require(actor, "listing devices", Roles.HOSPITAL_ADMIN, Roles.APPROVER, Roles.AUDITOR);
        return Blocking.call(() -> devices.devices(actor));
    }

    @PostMapping("/{id}/join-tokens")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<IssuedJoinToken> joinToken(Actor actor, @PathVariable String id) {
        Roles.require(actor, "creating a join token", Roles.HOSPITAL_ADMIN);
        return Blocking.call(() -> enrollment.createJoinToken(actor, id));
    }

    /** The role is checked by the service, so that a refused decommissioning is audited too. */
    @PostMapping("/{id}/decommission")
    Mono<DeviceView> decommission(Actor actor, @PathVariable String id,
                                  @RequestBody(required = false) Mono<ReasonBody> body) {
        return ReasonBody.reasonOf(body).flatMap(reason -> Blocking.call(() -> devices.decommission(actor, id, reason)));
    }
}
