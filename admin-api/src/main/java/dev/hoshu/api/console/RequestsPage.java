package dev.hoshu.api.console;

import dev.hoshu.access.AccessRequest;
import dev.hoshu.access.Actor;
import dev.hoshu.access.RequestStatus;
import dev.hoshu.api.Blocking;
import dev.hoshu.api.Roles;
import dev.hoshu.api.service.AccessService;
import dev.hoshu.api.service.Approval;
import dev.hoshu.api.service.OrganisationService;
import dev.hoshu.api.service.PolicyService;
import dev.hoshu.api.service.RefusedException;
import dev.hoshu.api.service.ToolCatalogService;
import dev.hoshu.hospitalpolicy.PolicyRules;
import dev.hoshu.hospitalpolicy.PolicyYaml;
import dev.hoshu.org.MaintenanceContract;
import dev.hoshu.org.Organisation;
import dev.hoshu.tools.CatalogEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Pending requests, approved or denied in one step each, with the same role gate as {@code /api/v1/requests}. */
@Controller
public class RequestsPage {

    private final ConsoleActors actors;
    private final AccessService access;
    private final OrganisationService organisations;
    private final PolicyService policies;
    private final ToolCatalogService catalog;

    public RequestsPage(ConsoleActors actors, AccessService access, OrganisationService organisations,
                        PolicyService policies, ToolCatalogService catalog) {
        this.actors = actors;
        this.access = access;
        this.organisations = organisations;
        this.policies = policies;
        this.catalog = catalog;
    }

    /** Each role starts where its work is: requests to decide or follow, recordings to audit, else the audit log. */
    @GetMapping({"/console", "/console/"})
    Mono<Rendering> home(ServerWebExchange exchange) {
        return actors.actor(exchange).map(actor -> Rendering.redirectTo(
                actor.hasRole(Roles.APPROVER) || actor.hasRole(Roles.ENGINEER) ? "/console/requests"
                        : actor.hasRole(Roles.AUDITOR) ? "/console/recordings"
                        : actor.hasRole(Roles.HOSPITAL_ADMIN) ? "/console/devices" : "/console/audit").build());
    }

    @GetMapping("/console/requests")
    Mono<Rendering> requests(ServerWebExchange exchange, @RequestParam(required = false) String notice,
                             @RequestParam(required = false) String missing) {
        return actors.actor(exchange).flatMap(actor -> Blocking.call(() -> {
            Roles.require(actor, "listing requests", Roles.ENGINEER, Roles.APPROVER);
            List<AccessRequest> pending = access.requests(actor).stream()
                    .filter(r -> r.status() == RequestStatus.PENDING).toList();
            return Rendering.view("console/requests")
                    .modelAttribute("actor", actor)
                    .modelAttribute("rows", rows(actor, pending))
                    .modelAttribute("approver", actor.hasRole(Roles.APPROVER))
                    .modelAttribute("notice", Notices.known(notice))
                    .modelAttribute("missing", missing == null || !missing.matches("\\d{1,2}") ? null : missing)
                    .build();
        }));
    }

    @PostMapping("/console/requests/{id}/approve")
    Mono<Rendering> approve(ServerWebExchange exchange, @PathVariable String id) {
        return actors.actor(exchange).flatMap(actor -> Blocking.call(() -> {
            Roles.require(actor, "approving", Roles.APPROVER);
            Approval approval = access.approve(actor, id, null);
            if (approval.grant() != null) {
                return Rendering.redirectTo("/console/requests?notice=approved").build();
            }
            int missing = Math.max(0, approval.approvalsNeeded() - approval.request().approvals().size());
            return Rendering.redirectTo("/console/requests?notice=approval-recorded&missing=" + missing).build();
        }));
    }

    @PostMapping("/console/requests/{id}/deny")
    Mono<Rendering> deny(ServerWebExchange exchange, @PathVariable String id) {
        return actors.actor(exchange).flatMap(actor -> exchange.getFormData().flatMap(form -> Blocking.call(() -> {
            Roles.require(actor, "denying", Roles.APPROVER);
            access.deny(actor, id, Forms.reason(form));
            return Rendering.redirectTo("/console/requests?notice=denied").build();
        })));
    }

    private List<RequestRow> rows(Actor actor, List<AccessRequest> pending) {
        if (pending.isEmpty()) {
            return List.of();
        }
        Map<String, String> licences = new HashMap<>();
        visible(() -> organisations.organisations(actor)).orElse(List.of())
                .forEach(org -> licences.put(org.id(), org.repairLicence()));
        List<MaintenanceContract> contracts = visible(() -> organisations.maintenanceContracts(actor)).orElse(List.of());
        Map<String, List<String>> cautionsByTool = cautions(actor);
        Map<String, Optional<dev.hoshu.hospitalpolicy.HospitalPolicy>> policyByHospital = new HashMap<>();
        List<RequestRow> rows = new ArrayList<>();
        Instant now = Instant.now();
        for (AccessRequest request : pending) {
            var policy = policyByHospital.computeIfAbsent(request.hospital(), hospital ->
                    visible(() -> policies.show(actor, hospital).yaml()).flatMap(yaml -> visible(() -> PolicyYaml.parse(yaml))));
            Integer missing = policy.map(p -> Math.max(0,
                    PolicyRules.approvalsNeeded(p, request.category()) - request.approvals().size())).orElse(null);
            String contract = contracts.stream().filter(c -> covers(c, request, now)).map(MaintenanceContract::id)
                    .findFirst().orElse(null);
            Map<String, List<String>> cautions = new LinkedHashMap<>();
            request.tools().forEach(tool -> cautions.put(tool, cautionsByTool.getOrDefault(tool, List.of())));
            rows.add(new RequestRow(request, licences.get(request.company()), contract, missing, cautions));
        }
        return rows;
    }

    /** Each tool's cautions from its newest published version that is not revoked. */
    private Map<String, List<String>> cautions(Actor actor) {
        Map<String, CatalogEntry> newest = new HashMap<>();
        for (CatalogEntry entry : visible(() -> catalog.catalog(actor)).orElse(List.of())) {
            if (!entry.revoked()) {
                newest.merge(entry.name(), entry,
                        (a, b) -> a.publishedAt().isAfter(b.publishedAt()) ? a : b);
            }
        }
        Map<String, List<String>> cautions = new HashMap<>();
        newest.forEach((tool, entry) -> cautions.put(tool, entry.cautions()));
        return cautions;
    }

    private static boolean covers(MaintenanceContract contract, AccessRequest request, Instant now) {
        return contract.hospital().equals(request.hospital()) && contract.company().equals(request.company())
                && (contract.devices().isEmpty() || contract.devices().contains(request.device()))
                && (contract.categories().isEmpty() || contract.categories().contains(request.category()))
                && (contract.from() == null || !now.isBefore(contract.from()))
                && (contract.until() == null || now.isBefore(contract.until()));
    }

    /** Extra facts a page shows beside its subject; a role that may not see them sees a dash instead. */
    private static <T> Optional<T> visible(Supplier<T> read) {
        try {
            return Optional.ofNullable(read.get());
        } catch (RefusedException | dev.hoshu.hospitalpolicy.PolicyFormatException notVisible) {
            return Optional.empty();
        }
    }
}
