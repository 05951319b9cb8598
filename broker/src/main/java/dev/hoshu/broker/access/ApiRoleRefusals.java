package dev.hoshu.broker.access;

import dev.hoshu.access.AccessRequest;
import dev.hoshu.access.Actor;
import dev.hoshu.access.Grant;
import dev.hoshu.access.Names;
import dev.hoshu.api.service.RoleRefusalAudit;
import dev.hoshu.api.service.UnauthenticatedCallAudit;
import dev.hoshu.broker.audit.AuditTrail;
import dev.hoshu.broker.audit.AuditUnavailableException;
import dev.hoshu.broker.audit.AuditedAct;
import dev.hoshu.broker.killswitch.LiveSession;
import dev.hoshu.broker.killswitch.LiveSessions;
import dev.hoshu.broker.state.Device;
import dev.hoshu.broker.state.DeviceStore;
import dev.hoshu.broker.state.GrantLookup;
import dev.hoshu.broker.state.RequestStore;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Audits the refusals of the API's role gate under the same action names the services use, and with the hospital
 * the refused call was aimed at, so that hospital's auditors see, say, an engineer trying to approve a request.
 */
public final class ApiRoleRefusals implements RoleRefusalAudit, UnauthenticatedCallAudit {

    /** A route the audit log knows by name, and how to find the hospital of the object it names. */
    private record Route(String action, Function<String, Optional<String>> hospitalOf) {
    }

    private final AuditTrail trail;
    private final Map<String, Route> routes;

    public ApiRoleRefusals(AuditTrail trail, RequestStore requests, GrantLookup grants, LiveSessions sessions,
                           DeviceStore devices) {
        this.trail = trail;
        Function<String, Optional<String>> requestHospital = id -> requests.find(id).map(AccessRequest::hospital);
        Function<String, Optional<String>> none = id -> Optional.empty();
        Function<String, Optional<String>> grantHospital = id -> grants.find(id).map(Grant::hospital);
        this.routes = Map.ofEntries(
                Map.entry("POST /api/v1/requests", new Route("request.create", none)),
                Map.entry("POST /api/v1/requests/{id}/approve", new Route("request.approve", requestHospital)),
                Map.entry("POST /api/v1/requests/{id}/deny", new Route("request.deny", requestHospital)),
                Map.entry("POST /api/v1/grants/{id}/certificate", new Route("grant.certificate", grantHospital)),
                Map.entry("POST /api/v1/grants/{id}/revoke", new Route("grant.revoke", grantHospital)),
                Map.entry("POST /api/v1/grants/{id}/review", new Route("grant.review", grantHospital)),
                Map.entry("POST /api/v1/emergency", new Route("grant.emergency", none)),
                Map.entry("PUT /api/v1/policies", new Route("policy.apply", none)),
                Map.entry("POST /api/v1/organisations", new Route("organisation.register", none)),
                Map.entry("POST /api/v1/contracts/maintenance", new Route("contract.maintenance", none)),
                Map.entry("POST /api/v1/contracts/tools", new Route("contract.tools", none)),
                Map.entry("POST /api/v1/sessions/{id}/kill",
                        new Route("session.kill", id -> sessions.find(id).map(LiveSession::hospital))),
                Map.entry("POST /api/v1/devices/{id}/join-tokens",
                        new Route("device.join-token", id -> devices.find(id).map(Device::hospital))));
    }

    @Override
    public void roleRefused(Actor actor, String method, String pathPattern, Map<String, String> pathVariables,
                            String refusal) {
        Route route = routes.get(method + " " + pathPattern);
        String target = pathVariables.values().stream().findFirst().orElse(null);
        AuditedAct act = new AuditedAct(trail, route == null ? "api." + method.toLowerCase(Locale.ROOT) : route.action(),
                actor.subject(), actor.organisation())
                .about(route == null || target == null ? null : route.hospitalOf().apply(target).orElse(null),
                        target == null ? null : Names.printable(target))
                .detail("route", route == null ? Names.printable(method + " " + pathPattern) : null);
        try {
            act.refuse(refusal);
        } catch (AuditUnavailableException unavailable) {
            throw AccessAudit.unavailable(unavailable);
        }
    }

    /** Nobody is known: the actor is {@code anonymous}, and no hospital is named (a forged token's claims are not believed). */
    @Override
    public void unauthenticated(String method, String path, String why) {
        AuditedAct act = new AuditedAct(trail, "api.unauthenticated", "anonymous", null)
                .about(null, Names.printable(method + " " + path)).detail("why", Names.printable(why));
        try {
            act.refuse("unauthenticated: a valid bearer token is required");
        } catch (AuditUnavailableException unavailable) {
            throw AccessAudit.unavailable(unavailable);
        }
    }
}
