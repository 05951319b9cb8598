package dev.hoshu.broker.access;

import dev.hoshu.access.TokyoTime;
import dev.hoshu.access.AccessRequest;
import dev.hoshu.access.Actor;
import dev.hoshu.access.ApprovalRules;
import dev.hoshu.access.Decision;
import dev.hoshu.access.Grant;
import dev.hoshu.access.MultiFactor;
import dev.hoshu.access.Names;
import dev.hoshu.access.RequestApproval;
import dev.hoshu.access.RequestRules;
import dev.hoshu.access.RequestStatus;
import dev.hoshu.api.service.AccessService;
import dev.hoshu.api.service.Approval;
import dev.hoshu.api.service.IssuedCertificate;
import dev.hoshu.api.service.NewRequest;
import dev.hoshu.api.service.RefusedException;
import dev.hoshu.broker.audit.AuditTrail;
import dev.hoshu.broker.audit.AuditedAct;
import dev.hoshu.broker.notify.AccessNotice;
import dev.hoshu.broker.notify.AccessNotifier;
import dev.hoshu.broker.pki.UserCertificateAuthority;
import dev.hoshu.broker.state.Device;
import dev.hoshu.broker.state.DeviceStore;
import dev.hoshu.broker.state.GrantStore;
import dev.hoshu.broker.state.Ids;
import dev.hoshu.broker.state.RequestStore;
import dev.hoshu.hospitalpolicy.HospitalPolicy;
import dev.hoshu.hospitalpolicy.PolicyRules;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests, their approval into grants, and grant certificates for the grant's own engineer while the grant is live.
 * Every request must fit the hospital's policy in force and the parties' contracts; separation of duties, the hospital
 * boundary, N-of-M distinct approvals and multi-factor logins come from policy's rules.
 */
public final class AccessRequests implements AccessService {

    private static final Logger log = LoggerFactory.getLogger(AccessRequests.class);
    /** A later start further ahead than this is more likely a typo than a plan. */
    static final Duration MAX_START_AHEAD = Duration.ofDays(30);
    static final int MAX_WORK_ORDER_CHARS = 100;

    private final RequestStore requests;
    private final GrantStore grants;
    private final DeviceStore devices;
    private final UserCertificateAuthority userCa;
    private final Clock clock;
    private final AccessAudit audit;
    private final AccessNotifier notifier;
    private final HospitalTerms terms;
    private final MultiFactor multiFactor;
    private final Duration pendingLifetime;

    public AccessRequests(RequestStore requests, GrantStore grants, DeviceStore devices,
                          UserCertificateAuthority userCa, Clock clock, AuditTrail audit, AccessNotifier notifier,
                          HospitalTerms terms, MultiFactor multiFactor, Duration pendingLifetime) {
        this.requests = requests;
        this.grants = grants;
        this.devices = devices;
        this.userCa = userCa;
        this.clock = clock;
        this.audit = new AccessAudit(audit);
        this.notifier = notifier;
        this.terms = terms;
        this.multiFactor = multiFactor;
        this.pendingLifetime = pendingLifetime;
    }

    @Override
    public AccessRequest createRequest(Actor engineer, NewRequest asked) {
        return audit.run("request.create", engineer, act -> {
            Refusals.requireRole(engineer, "asking for access", "engineer");
            if (asked == null) {
                throw RefusedException.badRequest("refused: no request given");
            }
            act.about(null, Names.printable(asked.device()));
            return create(engineer, asked, act);
        });
    }

    private AccessRequest create(Actor engineer, NewRequest asked, AuditedAct act) {
        Refusals.check(RequestRules.validateNew(engineer, asked.device(), asked.category(), asked.tools(),
                asked.reason(), asked.durationMinutes()), RefusedException.Status.BAD_REQUEST);
        String workOrder = workOrder(asked.workOrder());
        Instant now = now();
        Instant start = laterStart(asked.start(), now, "the wanted start");
        Device device = devices.find(asked.device())
                .orElseThrow(() -> RefusedException.notFound("unknown device " + asked.device()));
        act.about(device.hospital(), null).detail("device", device.id());
        AccessRequest request = AccessRequest.pending(Ids.next("r-"), engineer, device.hospital(), device.id(),
                asked.category(), asked.tools(), asked.reason(), asked.durationMinutes(), now, workOrder, start,
                asked.patientData(), now.plus(pendingLifetime));
        HospitalTerms.PolicyInForce policy = terms.policy(device.hospital());
        act.about(device.hospital(), request.id()).detail("device", device.id())
                .detail("category", String.valueOf(request.category())).detail("tools", String.join(",", request.tools()))
                .detail("minutes", Integer.toString(request.durationMinutes())).detail("reason", request.reason())
                .detail("workOrder", workOrder).detail("start", start == null ? null : start.toString())
                .detail("patientData", Boolean.toString(request.patientData()))
                .detail("policyVersion", Integer.toString(policy.version()));
        Refusals.check(PolicyRules.mayAsk(policy.policy(), request), RefusedException.Status.FORBIDDEN);
        Refusals.check(PolicyRules.windowFits(policy.policy(), terms.zone(device.hospital()), request.category(),
                start == null ? now : start, request.durationMinutes()), RefusedException.Status.FORBIDDEN);
        Refusals.check(terms.contractsCover(request, now), RefusedException.Status.FORBIDDEN);
        Refusals.requireNotSwitchedOff(device);
        act.allow();
        requests.insert(request);
        notify("request.created", request, null, engineer.subject(), request.reason());
        log.info("request {} by {} ({}) for {} of {}: {} {}", request.id(), engineer.subject(),
                engineer.organisation(), device.id(), device.hospital(), request.category(), request.tools());
        return request;
    }

    /** Expires every pending request nobody decided in time; returns how many this call expired. */
    public int expireStale() {
        Instant now = now();
        int expired = 0;
        for (AccessRequest request : requests.all()) {
            AccessRequest after = expireIfStale(request, now);
            if (request.status() == RequestStatus.PENDING && after.status() == RequestStatus.EXPIRED) {
                expired++;
            }
        }
        return expired;
    }

    @Override
    public List<AccessRequest> requests(Actor actor) {
        Instant now = now();
        return requests.all().stream()
                .filter(request -> visibleTo(request, actor))
                .map(request -> expireIfStale(request, now))
                .sorted(Comparator.comparing(AccessRequest::createdAt))
                .toList();
    }

    @Override
    public Approval approve(Actor approver, String requestId, Instant start) {
        return audit.run("request.approve", approver, act -> approve(approver, requestId, start, act));
    }

    private Approval approve(Actor approver, String requestId, Instant asked, AuditedAct act) {
        AccessRequest pending = decidable(approver, requestId, act);
        Refusals.check(multiFactor.check(approver, "approving"), RefusedException.Status.FORBIDDEN);
        devices.find(pending.device()).ifPresent(Refusals::requireNotSwitchedOff);
        Instant now = now();
        Instant start = laterStart(asked, now, "the start");
        HospitalTerms.PolicyInForce inForce = terms.policy(pending.hospital());
        HospitalPolicy policy = inForce.policy();
        int needed = PolicyRules.approvalsNeeded(policy, pending.category());
        String grantId = Ids.next("g-");
        Instant[] window = new Instant[1];
        // The rules run again inside the atomic update, so two approvers racing cannot both create a grant, nor can
        // one approver's two clicks count twice.
        AccessRequest decided = requests.update(pending.id(), current -> {
            refuseIfUndecidable(ApprovalRules.mayApprove(current, approver, now), current);
            Decision byPolicy = PolicyRules.mayApprove(policy, current, approver);
            if (byPolicy.refused()) {
                throw new RefusedException(current.approvedBy(approver.subject())
                        ? RefusedException.Status.CONFLICT : RefusedException.Status.FORBIDDEN, byPolicy.reason());
            }
            // The policy may have changed since the request was made: it must still accept it.
            Refusals.check(PolicyRules.mayAsk(policy, current), RefusedException.Status.FORBIDDEN);
            AccessRequest counted = current.withApproval(new RequestApproval(approver.subject(), now, start));
            act.detail("engineer", current.engineer()).detail("device", current.device())
                    .detail("approvals", counted.approvals().size() + " of " + needed)
                    .detail("policyVersion", Integer.toString(inForce.version()))
                    .detail("start", start == null ? null : start.toString());
            if (counted.approvals().size() < needed) {
                return counted;
            }
            Instant notBefore = grantStart(counted, now);
            Refusals.check(PolicyRules.windowFits(policy, terms.zone(current.hospital()), current.category(),
                    notBefore, current.durationMinutes()), RefusedException.Status.FORBIDDEN);
            Refusals.check(terms.contractsCover(current, now), RefusedException.Status.FORBIDDEN);
            window[0] = notBefore;
            act.detail("grant", grantId);
            return counted.approved(approver.subject(), grantId);
        }).orElseThrow();
        allowOrUndo(act, decided, approver);
        if (window[0] == null) {
            log.info("request {} approved by {}: {} of {} approvals", decided.id(), approver.subject(),
                    decided.approvals().size(), needed);
            notify("request.approval", decided, null, approver.subject(), null);
            return new Approval(decided, null, needed);
        }
        Grant grant = new Grant(grantId, decided.id(), decided.engineer(), decided.company(), decided.hospital(),
                decided.device(), decided.category(), decided.tools(), window[0],
                window[0].plus(decided.durationMinutes(), ChronoUnit.MINUTES),
                decided.approvals().stream().map(RequestApproval::approver).toList(), null, null,
                decided.patientData(), PolicyRules.observerRequired(policy, decided.category()), false);
        try {
            grants.insert(grant);
        } catch (RuntimeException e) {
            requests.update(decided.id(), current -> current.withoutDecisionOf(approver.subject()));
            throw e;
        }
        log.info("request {} approved by {}: grant {} for {} on {} from {} until {}", decided.id(), grant.approvers(),
                grant.id(), grant.engineer(), grant.device(), grant.notBefore(), grant.notAfter());
        notify("request.approved", decided, grant.id(), approver.subject(), null);
        return new Approval(decided, grant, needed);
    }

    /**
     * Audits a decision once its atomic update has settled. A shared store may run the update more than once when
     * approvers race, so an event written inside it could report a decision a later attempt refused. A decision whose
     * event cannot be written is taken back: what the audit log does not show did not happen.
     */
    private void allowOrUndo(AuditedAct act, AccessRequest decided, Actor approver) {
        try {
            act.allow();
        } catch (RuntimeException e) {
            requests.update(decided.id(), current -> current.withoutDecisionOf(approver.subject()));
            throw e;
        }
    }

    /** The latest of the approval, the engineer's wanted start and every approver's later start. */
    private static Instant grantStart(AccessRequest request, Instant now) {
        Instant start = now;
        if (request.start() != null && request.start().isAfter(start)) {
            start = request.start();
        }
        for (RequestApproval approval : request.approvals()) {
            if (approval.start() != null && approval.start().isAfter(start)) {
                start = approval.start();
            }
        }
        return start.truncatedTo(ChronoUnit.SECONDS);
    }

    private Instant laterStart(Instant start, Instant now, String what) {
        if (start == null) {
            return null;
        }
        // A minute of slack for clocks and typing; anything earlier is a mistake, not "now".
        if (start.isBefore(now.minus(Duration.ofMinutes(1)))) {
            throw RefusedException.badRequest("refused: " + what + " " + TokyoTime.format(start) + " is in the past");
        }
        if (start.isAfter(now.plus(MAX_START_AHEAD))) {
            throw RefusedException.badRequest("refused: " + what + " " + TokyoTime.format(start)
                    + " is more than " + MAX_START_AHEAD.toDays() + " days ahead");
        }
        return start.isBefore(now) ? null : start;
    }

    private static String workOrder(String workOrder) {
        if (workOrder == null || workOrder.isBlank()) {
            return null;
        }
        String line = workOrder.strip();
        if (line.length() > MAX_WORK_ORDER_CHARS || line.codePoints().anyMatch(Character::isISOControl)) {
            throw RefusedException.badRequest("refused: a work-order reference is one line of at most "
                    + MAX_WORK_ORDER_CHARS + " characters");
        }
        return line;
    }

    @Override
    public AccessRequest deny(Actor approver, String requestId, String reason) {
        return audit.run("request.deny", approver, act -> {
            AccessRequest pending = decidable(approver, requestId, act);
            Instant now = now();
            if (reason == null || reason.isBlank()) {
                throw RefusedException.badRequest("refused: a denial needs a reason");
            }
            String why = Refusals.reasonLine(reason);
            AccessRequest denied = requests.update(pending.id(), current -> {
                refuseIfUndecidable(ApprovalRules.mayDeny(current, approver, now), current);
                act.detail("reason", why).detail("engineer", current.engineer());
                return current.denied(approver.subject(), why);
            }).orElseThrow();
            allowOrUndo(act, denied, approver);
            log.info("request {} denied by {}: {}", denied.id(), approver.subject(), why);
            notify("request.denied", denied, null, approver.subject(), why);
            return denied;
        });
    }

    @Override
    public IssuedCertificate issueCertificate(Actor engineer, String grantId, String sshPublicKeyLine) {
        return audit.run("grant.certificate", engineer, act -> {
            act.about(null, Names.printable(grantId));
            return issue(engineer, grantId, sshPublicKeyLine, act);
        });
    }

    private IssuedCertificate issue(Actor engineer, String grantId, String sshPublicKeyLine, AuditedAct act) {
        Refusals.requireRole(engineer, "getting a grant certificate", "engineer");
        Refusals.check(multiFactor.check(engineer, "getting a grant certificate"), RefusedException.Status.FORBIDDEN);
        Grant grant = grants.find(grantId)
                .orElseThrow(() -> RefusedException.notFound("unknown grant " + Names.printable(grantId)));
        act.about(grant.hospital(), grant.id()).detail("device", grant.device());
        if (!grant.engineer().equals(engineer.subject()) || !grant.company().equals(engineer.organisation())) {
            throw RefusedException.forbidden("denied: grant " + grant.id() + " belongs to another engineer");
        }
        Instant now = now();
        if (grant.revokedAt() != null) {
            throw RefusedException.forbidden("denied: grant " + grant.id() + " was revoked: " + grant.revokedReason());
        }
        if (now.isBefore(grant.notBefore())) {
            throw RefusedException.forbidden("denied: grant " + grant.id() + " starts at "
                    + TokyoTime.format(grant.notBefore()));
        }
        if (!now.isBefore(grant.notAfter())) {
            throw RefusedException.forbidden("denied: grant " + grant.id() + " ended at "
                    + TokyoTime.format(grant.notAfter()));
        }
        PublicKey key = EngineerKeys.parse(sshPublicKeyLine);
        act.detail("key", KeyUtils.getFingerPrint(key)).detail("validBefore", grant.notAfter().toString()).allow();
        String certificate = userCa.issue(grant, key);
        log.info("certificate for grant {} issued to {} (valid before {})", grant.id(), engineer.subject(),
                grant.notAfter());
        return new IssuedCertificate(certificate, grant.notAfter());
    }

    private AccessRequest decidable(Actor approver, String requestId, AuditedAct act) {
        act.about(null, Names.printable(requestId));
        Refusals.requireRole(approver, "deciding a request", "approver");
        AccessRequest request = requests.find(requestId)
                .orElseThrow(() -> RefusedException.notFound("unknown request " + Names.printable(requestId)));
        act.about(request.hospital(), request.id());
        // Whoever looks first records the expiry, so the list and the refusal agree.
        expireIfStale(request, now());
        return request;
    }

    private static void refuseIfUndecidable(Decision decision, AccessRequest current) {
        if (decision.refused()) {
            boolean alreadyDecided = current.status() != RequestStatus.PENDING;
            throw new RefusedException(alreadyDecided ? RefusedException.Status.CONFLICT
                    : RefusedException.Status.FORBIDDEN, decision.reason());
        }
    }

    private AccessRequest expireIfStale(AccessRequest request, Instant now) {
        if (request.status() == RequestStatus.PENDING && ApprovalRules.hasExpired(request, now)) {
            boolean[] expiredHere = {false};
            AccessRequest current = requests.update(request.id(), stored -> {
                expiredHere[0] = stored.status() == RequestStatus.PENDING;
                return expiredHere[0] ? stored.expired() : stored;
            }).orElse(request);
            if (expiredHere[0]) {
                notify("request.expired", current, null, "broker", "nobody decided before "
                        + TokyoTime.format(current.expiresAt()));
            }
            return current;
        }
        return request;
    }

    /** After the act is stored, never before: subscribers hear only of what happened. */
    private void notify(String event, AccessRequest request, String grantId, String actor, String reason) {
        notifier.publish(new AccessNotice(event, request.hospital(), request.id(), grantId, request.engineer(),
                request.device(), String.valueOf(request.category()), actor, reason, now()));
    }

    private static boolean visibleTo(AccessRequest request, Actor actor) {
        boolean own = actor.hasRole("engineer") && request.engineer().equals(actor.subject())
                && request.company().equals(actor.organisation());
        boolean hospital = (actor.hasRole("approver") || actor.hasRole("auditor"))
                && request.hospital().equals(actor.organisation());
        return own || hospital;
    }

    /** Millisecond precision: what JSON clients and the state files show, so equal times compare equal. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
