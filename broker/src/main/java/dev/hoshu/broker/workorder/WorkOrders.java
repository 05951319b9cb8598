package dev.hoshu.broker.workorder;

import dev.hoshu.access.AccessRequest;
import dev.hoshu.access.Actor;
import dev.hoshu.access.Names;
import dev.hoshu.access.RequestStatus;
import dev.hoshu.access.TokyoTime;
import dev.hoshu.api.service.RefusedException;
import dev.hoshu.api.service.WorkOrderClosing;
import dev.hoshu.api.service.WorkOrderService;
import dev.hoshu.api.service.WorkOrderView;
import dev.hoshu.broker.audit.AuditTrail;
import dev.hoshu.broker.audit.AuditedAct;
import dev.hoshu.broker.audit.AuditedCall;
import dev.hoshu.broker.killswitch.LiveSession;
import dev.hoshu.broker.killswitch.LiveSessions;
import dev.hoshu.broker.state.GrantLookup;
import dev.hoshu.broker.state.RequestStore;
import dev.hoshu.broker.state.WorkOrderClosure;
import dev.hoshu.broker.state.WorkOrderClosureStore;
import dev.hoshu.report.RepairForm;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work orders of requests (ADR 27): an engineer sees their own, a hospital's approvers, admins and auditors that
 * hospital's. The order's engineer, or an approver or admin of its hospital, closes it once, and closing ends its
 * grant: the signed report covers every session the order had, so none may start after it. Every read and close,
 * allowed or refused, is audited; an order the caller may not see is answered as unknown.
 */
public final class WorkOrders implements WorkOrderService {

    private static final Logger log = LoggerFactory.getLogger(WorkOrders.class);
    private static final String[] HOSPITAL_READERS = {"approver", "hospital-admin", "auditor"};

    private final RequestStore requests;
    private final GrantLookup grants;
    private final LiveSessions live;
    private final WorkOrderClosureStore closures;
    private final RecordedSessions sessions;
    private final AuditedCall audit;
    private final Clock clock;
    private final Consumer<WorkOrderClosure> onClosed;

    /** @param onClosed runs after a closure is stored (the repair report is issued from it); must not throw */
    public WorkOrders(RequestStore requests, GrantLookup grants, LiveSessions live, WorkOrderClosureStore closures,
                      RecordedSessions sessions, AuditTrail audit, Clock clock, Consumer<WorkOrderClosure> onClosed) {
        this.requests = requests;
        this.grants = grants;
        this.live = live;
        this.closures = closures;
        this.sessions = sessions;
        this.audit = new AuditedCall(audit);
        this.clock = clock;
        this.onClosed = onClosed;
    }

    @Override
    public List<WorkOrderView> workOrders(Actor actor) {
        return audit.run("workorder.list", actor, act -> {
            act.about(isHospitalStaff(actor) ? actor.organisation() : null, "workorders");
            if (!isHospitalStaff(actor) && !actor.hasRole("engineer")) {
                throw RefusedException.forbidden("denied: work orders are for engineers and hospital approvers, "
                        + "admins and auditors");
            }
            List<WorkOrderView> views = new ArrayList<>();
            requests.all().stream().filter(request -> visible(actor, request))
                    .sorted(Comparator.comparing(AccessRequest::createdAt).reversed())
                    .forEach(request -> views.add(view(request, false)));
            act.detail("found", String.valueOf(views.size()));
            return views;
        });
    }

    @Override
    public WorkOrderView workOrder(Actor actor, String id) {
        return audit.run("workorder.view", actor, act -> view(find(actor, id, act), true));
    }

    @Override
    public WorkOrderView close(Actor actor, String id, WorkOrderClosing closing) {
        return audit.run("workorder.close", actor, act -> {
            AccessRequest request = find(actor, id, act);
            boolean ownEngineer = request.engineer().equals(actor.subject())
                    && request.company().equals(actor.organisation());
            boolean hospitalCloser = request.hospital().equals(actor.organisation())
                    && (actor.hasRole("approver") || actor.hasRole("hospital-admin"));
            if (!ownEngineer && !hospitalCloser) {
                throw RefusedException.forbidden("denied: closing work order " + request.id() + " needs its engineer, "
                        + "or an approver or hospital-admin of " + request.hospital());
            }
            closures.find(request.id()).ifPresent(WorkOrders::alreadyClosed);
            if (request.status() != RequestStatus.APPROVED || request.grantId() == null) {
                throw RefusedException.conflict("refused: work order " + request.id() + " has no grant (request "
                        + request.status() + "); nothing was done under it to close");
            }
            WorkOrderClosure closure = closureOf(request, closing, actor);
            act.detail("device", request.device()).detail("grant", request.grantId())
                    .detail("repairForm", closure.repairForm().name()).detail("helper", closure.helper());
            refuseWhileLive(request);
            act.allow();
            // The grant ends before the closure is stored: a closure that then fails leaves fewer rights, never a
            // closed order whose grant still opens sessions the report does not hold.
            grants.revoke(request.grantId(), "work order " + request.id() + " closed by " + actor.subject());
            WorkOrderClosure standing = closures.insertIfAbsent(closure);
            if (standing != closure) {
                // Another close won the race after the check above; this one did not happen.
                alreadyClosed(standing);
            }
            log.info("work order {} closed by {} ({})", request.id(), actor.subject(), closure.repairForm());
            try {
                onClosed.accept(closure);
            } catch (RuntimeException e) {
                // The closure stands; the report is issued again on its first download.
                log.warn("repair report of {} not issued at closing: {}", request.id(), e.getMessage());
            }
            return view(request, true);
        });
    }

    /** A session still running would be missing from the report signed at closing; it ends first. */
    private void refuseWhileLive(AccessRequest request) {
        List<String> running = live.list().stream().filter(session -> request.grantId().equals(session.grantId()))
                .map(LiveSession::id).sorted().toList();
        if (!running.isEmpty()) {
            throw RefusedException.conflict("refused: work order " + request.id() + " still has live session "
                    + String.join(", ", running) + "; end it (hoshu sessions kill) or let it finish, then close");
        }
    }

    private static void alreadyClosed(WorkOrderClosure closure) {
        throw RefusedException.conflict("refused: work order " + closure.workOrder() + " was already closed by "
                + closure.closedBy() + " at " + TokyoTime.format(closure.closedAt()));
    }

    private WorkOrderClosure closureOf(AccessRequest request, WorkOrderClosing closing, Actor actor) {
        WorkOrderClosing asked = closing == null ? new WorkOrderClosing(null, null, null, null, null) : closing;
        String result = ClosingText.of("result", asked.result());
        String operationCheck = ClosingText.of("operationCheck", asked.operationCheck());
        String helper = ClosingText.of("helper", asked.helper());
        String formText = ClosingText.of("repairFormText", asked.repairFormText());
        List<String> missing = new ArrayList<>();
        if (result == null) {
            missing.add("result");
        }
        if (asked.repairForm() == null || asked.repairForm().isBlank()) {
            missing.add("repairForm");
        }
        if (operationCheck == null) {
            missing.add("operationCheck");
        }
        if (helper == null) {
            missing.add("helper");
        }
        if (!missing.isEmpty()) {
            throw RefusedException.badRequest("refused: closing a work order needs result, repairForm, operationCheck"
                    + " and helper (the staff member who helped, or none); missing: " + String.join(", ", missing));
        }
        RepairForm form = RepairForm.parse(asked.repairForm()).orElseThrow(() -> RefusedException.badRequest(
                "refused: repairForm must be REMOTE_ONLY, ON_SITE_VISIT, LOCAL_REPAIRER or OTHER, not "
                        + Names.quoted(asked.repairForm())));
        if (form == RepairForm.OTHER && formText == null) {
            throw RefusedException.badRequest("refused: repairForm OTHER needs repairFormText saying what it was");
        }
        if (form != RepairForm.OTHER && formText != null) {
            throw RefusedException.badRequest("refused: repairFormText is only for repairForm OTHER");
        }
        if (helper.contains("\n")) {
            throw RefusedException.badRequest("refused: helper is one name on one line, or none");
        }
        return new WorkOrderClosure(request.id(), request.hospital(), result, form, formText, operationCheck,
                helper.equalsIgnoreCase("none") ? "none" : helper, actor.subject(), clock.instant());
    }

    /**
     * The request behind an order the actor may see; anything else, including another hospital's order, is
     * unknown to them, while the audit event names the hospital that owns it.
     */
    private AccessRequest find(Actor actor, String id, AuditedAct act) {
        act.about(actor.organisation(), Names.printable(String.valueOf(id)));
        RefusedException unknown = RefusedException.notFound("unknown work order " + Names.printable(String.valueOf(id)));
        AccessRequest request = Optional.ofNullable(id).flatMap(requests::find).orElseThrow(() -> unknown);
        act.about(request.hospital(), request.id());
        if (!visible(actor, request)) {
            act.detail("why", "work order of another hospital or engineer");
            throw unknown;
        }
        return request;
    }

    private static boolean visible(Actor actor, AccessRequest request) {
        boolean ownHospital = isHospitalStaff(actor) && request.hospital().equals(actor.organisation());
        boolean ownWork = actor.hasRole("engineer") && request.engineer().equals(actor.subject())
                && request.company().equals(actor.organisation());
        return ownHospital || ownWork;
    }

    private static boolean isHospitalStaff(Actor actor) {
        for (String role : HOSPITAL_READERS) {
            if (actor.hasRole(role)) {
                return true;
            }
        }
        return false;
    }

    private WorkOrderView view(AccessRequest request, boolean withSessions) {
        Optional<WorkOrderClosure> closure = closures.find(request.id());
        List<String> sessionIds = withSessions && request.grantId() != null
                ? sessions.ofGrant(request.hospital(), request.grantId()).stream().map(RecordedSession::session).toList()
                : List.of();
        return new WorkOrderView(request.id(), request.workOrder(), request.hospital(), request.device(),
                request.engineer(), request.company(), request.category().name(), request.reason(),
                request.status().name(), request.grantId(), request.createdAt(),
                closure.isPresent() ? "closed" : "open", sessionIds, closure.map(WorkOrders::closureView).orElse(null));
    }

    private static WorkOrderView.Closure closureView(WorkOrderClosure c) {
        return new WorkOrderView.Closure(c.result(), c.repairForm().name(), c.repairFormText(), c.operationCheck(),
                c.helper(), c.closedBy(), c.closedAt());
    }
}
