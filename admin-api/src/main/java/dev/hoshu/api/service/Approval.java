package dev.hoshu.api.service;

import dev.hoshu.access.AccessRequest;
import dev.hoshu.access.Grant;

/**
 * One approval and where the request stands after it: with its grant once {@code approvalsNeeded} distinct approvers
 * said yes, else still pending with {@code grant} {@code null}.
 */
public record Approval(AccessRequest request, Grant grant, int approvalsNeeded) {

    public Approval(AccessRequest request, Grant grant) {
        this(request, grant, 1);
    }
}
