package dev.hoshu.broker.locks;

import dev.hoshu.access.AccessRequest;
import dev.hoshu.access.Actor;
import dev.hoshu.api.service.AccessService;
import dev.hoshu.api.service.Approval;
import dev.hoshu.api.service.IssuedCertificate;
import dev.hoshu.api.service.NewRequest;
import dev.hoshu.api.service.RefusedException;
import dev.hoshu.broker.state.GrantStore;
import dev.hoshu.broker.state.RequestStore;
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

    public LockEnforcingAccess(AccessService access, ActiveLocks locks, RequestStore requests, GrantStore grants) {
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
        requests.find(requestId).filter(request -> request.hospital().equals(approver.organisation()))
                .ifPresent(request -> refuseIfLocked(new LockedSubject(null, request.device(),
                request.engineer(), request.company(), request.hospital())));
        return access.approve(approver, requestId, start);
    }

    @Override
    public AccessRequest deny(Actor approver, String requestId, String reason) {
        return access.deny(approver, requestId, reason);
    }

    @Override
    public IssuedCertificate issueCertificate(Actor engineer, String grantId, String sshPublicKeyLine) {
        grants.find(grantId).filter(grant -> grant.engineer().equals(engineer.subject()))
                .ifPresent(grant -> refuseIfLocked(LockedSubject.of(grant)));
        return access.issueCertificate(engineer, grantId, sshPublicKeyLine);
    }

    private void refuseIfLocked(LockedSubject subject) {
        Optional<String> refusal = locks.refusal(subject);
        if (refusal.isPresent()) {
            throw RefusedException.forbidden(refusal.get());
        }
    }
}
