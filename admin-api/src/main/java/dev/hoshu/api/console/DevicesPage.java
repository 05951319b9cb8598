package dev.hoshu.api.console;

import dev.hoshu.api.Blocking;
import dev.hoshu.api.Roles;
import dev.hoshu.api.service.DeviceService;
import dev.hoshu.api.service.LockService;
import dev.hoshu.api.service.LockView;
import dev.hoshu.api.service.RefusedException;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** The device ledger (online, on-site switch, inventory, clock offset) with lock and unlock per device. */
@Controller
public class DevicesPage {

    private final ConsoleActors actors;
    private final DeviceService devices;
    private final LockService locks;

    public DevicesPage(ConsoleActors actors, DeviceService devices, LockService locks) {
        this.actors = actors;
        this.devices = devices;
        this.locks = locks;
    }

    @GetMapping("/console/devices")
    Mono<Rendering> page(ServerWebExchange exchange, @RequestParam(required = false) String notice) {
        return actors.actor(exchange).flatMap(actor -> Blocking.call(() -> {
            Roles.require(actor, "listing devices", Roles.HOSPITAL_ADMIN, Roles.APPROVER, Roles.AUDITOR);
            List<LockView> deviceLocks;
            try {
                deviceLocks = locks.locks(actor).stream().filter(l -> "device".equals(l.target().kind())).toList();
            } catch (RefusedException notVisible) {
                deviceLocks = List.of();
            }
            return Rendering.view("console/devices").modelAttribute("actor", actor)
                    .modelAttribute("devices", devices.devices(actor)).modelAttribute("locks", deviceLocks)
                    .modelAttribute("canLock", actor.hasRole(Roles.APPROVER) || actor.hasRole(Roles.HOSPITAL_ADMIN))
                    .modelAttribute("notice", Notices.known(notice)).build();
        }));
    }
}
