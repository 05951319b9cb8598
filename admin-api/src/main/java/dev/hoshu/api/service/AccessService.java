package dev.hoshu.api.service;

import dev.hoshu.access.AccessRequest;
import dev.hoshu.access.Actor;
import java.util.List;

/** Requests, their approval into grants, and grant certificates. Refusals are {@link RefusedException}s. */
public interface AccessService {

    AccessRequest createRequest(Actor engineer, NewRequest request);

    /** The requests the actor may see: an engineer's own, an approver's hospital's. */
    List<AccessRequest> requests(Actor actor);

    /** One approval; the grant is created when the hospital policy's N-th distinct approver approves. */
    default Approval approve(Actor approver, String requestId) {
        return approve(approver, requestId, null);
    }

    /** @param start a later start the approver sets for the grant, or {@code null} for "from the approval" */
    Approval approve(Actor approver, String requestId, java.time.Instant start);

    AccessRequest deny(Actor approver, String requestId, String reason);

    /** Signs the engineer's OpenSSH public key (one {@code authorized_keys} style line) for the grant. */
    IssuedCertificate issueCertificate(Actor engineer, String grantId, String sshPublicKeyLine);
}
