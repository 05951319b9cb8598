package dev.hoshu.broker.locks;

import dev.hoshu.access.AccessRequest;
import dev.hoshu.access.Actor;
import dev.hoshu.api.service.AccessService;
import dev.hoshu.api.service.Approval;
import dev.hoshu.api.service.IssuedCertificate;
import dev.hoshu.api.service.NewRequest;
import dev.hoshu.api.service.RefusedException;
import dev.hoshu.broker.audit.AuditTrail;
import dev.hoshu.broker.audit.AuditedCall;
import dev.hoshu.broker.state.GrantStore;
import dev.hoshu.broker.state.RequestStore;
import dev.hoshu.broker.state.StateUnavailableException;
import java.util.List;
import java.util.Optional;

/**
 * The access service behind the lock check: while a lock covers a request or grant, it is neither approved nor
 * given a certificate. Unknown ids pass through, so the access service refuses them in its own words.
 */
public final class LockEnforcingAccess implements AccessService {

    private final AccessService access;
    private final ActiveLocks locks;
    private final RequestStore requests;
    private final GrantStore grants;
    private final AuditedCall audit;

    public LockEnforcingAccess(AccessService access, ActiveLocks locks, RequestStore requests, GrantStore grants) {
        this(access, locks, requests, grants, null);
    }

    /** @param audit where a lock check the shared state cannot answer is recorded as refused */
    public LockEnforcingAccess(AccessService access, ActiveLocks locks, RequestStore requests, GrantStore grants,
                               AuditTrail audit) {
        this.audit = audit == null ? null : new AuditedCall(audit);
        this.access = access;
        this.locks = locks;
        this.requests = requests;
        this.grants = grants;
    }

    @Override
    public AccessRequest createRequest(Actor engineer, NewRequest request) {
        return access.createRequest(engineer, request);
    }

    @Override
    public List<AccessRequest> requests(Actor actor) {
        return access.requests(actor);
    }

    @Override
    public Approval approve(Actor approver, String requestId, java.time.Instant start) {
        // Only the request's own hospital learns of its locks; anyone else is refused by the access service.
        checked("request.approve", approver, () -> requests.find(requestId)
                .filter(request -> request.hospital().equals(approver.organisation()))
                .ifPresent(request -> refuseIfLocked(new LockedSubject(null, request.device(),
                        request.engineer(), request.company(), request.hospital()))));
        return access.approve(approver, requestId, start);
    }

    @Override
    public AccessRequest deny(Actor approver, String requestId, String reason) {
        return access.deny(approver, requestId, reason);
    }

    @Override
    public IssuedCertificate issueCertificate(Actor engineer, String grantId, String sshPublicKeyLine) {
        checked("grant.certificate", engineer, () -> grants.find(grantId)
                .filter(grant -> grant.engineer().equals(engineer.subject()))
                .ifPresent(grant -> refuseIfLocked(LockedSubject.of(grant))));
        return access.issueCertificate(engineer, grantId, sshPublicKeyLine);
    }

    /** A lock check the shared state cannot answer refuses the act: a lock might stand. */
    private void checked(String action, Actor actor, Runnable lockCheck) {
        try {
            lockCheck.run();
        } catch (StateUnavailableException away) {
            if (audit == null) {
                throw RefusedException.unavailable(away.refusal());
            }
            audit.run(action, actor, act -> {
                throw away;
            });
        }
    }

    private void refuseIfLocked(LockedSubject subject) {
        Optional<String> refusal = locks.refusal(subject);
        if (refusal.isPresent()) {
            throw RefusedException.forbidden(refusal.get());
        }
    }
}
