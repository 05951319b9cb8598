package dev.hoshu.api;

import dev.hoshu.access.Actor;
import dev.hoshu.api.service.OrganisationService;
import dev.hoshu.org.MaintenanceContract;
import dev.hoshu.org.Organisation;
import dev.hoshu.org.ToolContract;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Organisations and contracts: the operator registers organisations and tool contracts, hospital admins their own maintenance contracts. */
@RestController
@RequestMapping("/api/v1")
public class OrganisationsController {

    static final String OPERATOR = "operator";

    private final OrganisationService organisations;

    public OrganisationsController(OrganisationService organisations) {
        this.organisations = organisations;
    }

    @GetMapping("/organisations")
    Mono<List<Organisation>> list(Actor actor) {
        return Blocking.call(() -> organisations.organisations(actor));
    }

    @PostMapping("/organisations")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<Organisation> register(Actor actor, @RequestBody Mono<Organisation> body) {
        Roles.require(actor, "registering an organisation", OPERATOR);
        return body.flatMap(org -> Blocking.call(() -> organisations.register(actor, org)));
    }

    @GetMapping("/contracts/maintenance")
    Mono<List<MaintenanceContract>> maintenance(Actor actor) {
        return Blocking.call(() -> organisations.maintenanceContracts(actor));
    }

    @PostMapping("/contracts/maintenance")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<MaintenanceContract> addMaintenance(Actor actor, @RequestBody Mono<MaintenanceContract> body) {
        Roles.require(actor, "registering a maintenance contract", Roles.HOSPITAL_ADMIN);
        return body.flatMap(contract -> Blocking.call(() -> organisations.addMaintenanceContract(actor, contract)));
    }

    @GetMapping("/contracts/tools")
    Mono<List<ToolContract>> tools(Actor actor) {
        return Blocking.call(() -> organisations.toolContracts(actor));
    }

    @PostMapping("/contracts/tools")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<ToolContract> addTools(Actor actor, @RequestBody Mono<ToolContract> body) {
        Roles.require(actor, "registering a tool contract", OPERATOR);
        return body.flatMap(contract -> Blocking.call(() -> organisations.addToolContract(actor, contract)));
    }
}
