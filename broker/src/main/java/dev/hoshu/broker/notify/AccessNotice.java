package dev.hoshu.broker.notify;

import java.time.Instant;

/**
 * One thing that happened to a request or grant, as approvers and integrations are told of it.
 *
 * @param event    {@code request.created}, {@code request.approved}, {@code request.denied},
 *                 {@code request.expired}, {@code grant.revoked}, {@code emergency.opened}, …
 * @param hospital whose request or grant it is; only that hospital's subscribers hear of it
 * @param grantId  the grant, where there is one, else {@code null}
 * @param actor    who did it (the subject), or {@code broker} for expiries
 * @param reason   the reason given (denial, revocation, emergency), else {@code null}
 */
public record AccessNotice(String event, String hospital, String requestId, String grantId, String engineer,
                           String device, String category, String actor, String reason, Instant at) {
}
