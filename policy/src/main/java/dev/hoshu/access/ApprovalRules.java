package dev.hoshu.access;

import java.time.Duration;
import java.time.Instant;

/**
 * Who may decide a pending request: an approver of the device's hospital who is not the requester,
 * while the request is still fresh.
 */
public final class ApprovalRules {

    private ApprovalRules() {
    }

    public static Decision mayApprove(AccessRequest request, Actor approver, Instant now) {
        return mayDecide(request, approver, now, "approve");
    }

    public static Decision mayDeny(AccessRequest request, Actor approver, Instant now) {
        return mayDecide(request, approver, now, "deny");
    }

    /** True once a pending request is too old to be decided; the store marks it {@code EXPIRED}. */
    public static boolean hasExpired(AccessRequest request, Instant now) {
        return !now.isBefore(expiresAt(request));
    }

    /** A request nobody decided by this time expires, so stale asks cannot be approved by surprise. */
    public static Instant expiresAt(AccessRequest request) {
        return request.expiresAt();
    }

    /** "1 hour", "90 minutes": the pending lifetime the request was given, for refusals. */
    static String lifetime(AccessRequest request) {
        long minutes = Duration.between(request.createdAt(), request.expiresAt()).toMinutes();
        if (minutes % 60 == 0) {
            long hours = minutes / 60;
            return hours == 1 ? "1 hour" : hours + " hours";
        }
        return minutes == 1 ? "1 minute" : minutes + " minutes";
    }

    private static Decision mayDecide(AccessRequest request, Actor approver, Instant now, String verb) {
        if (approver == null || !approver.hasRole("approver")) {
            return Decision.refuse("denied: to " + verb + " a request you need the approver role");
        }
        if (!request.hospital().equals(approver.organisation())) {
            return Decision.refuse("denied: approver of " + approver.organisation() + " cannot act for "
                    + request.hospital());
        }
        if (request.engineer().equals(approver.subject())) {
            return Decision.refuse("denied: you cannot " + verb + " your own request " + request.id());
        }
        if (request.status() == RequestStatus.EXPIRED || (request.status() == RequestStatus.PENDING
                && hasExpired(request, now))) {
            return Decision.refuse("denied: request " + request.id() + " expired at "
                    + TokyoTime.format(expiresAt(request)) + " (pending requests expire after "
                    + lifetime(request) + ")");
        }
        if (request.status() != RequestStatus.PENDING) {
            return Decision.refuse("denied: request " + request.id() + " is already "
                    + request.status().name().toLowerCase());
        }
        return Decision.allow();
    }
}
