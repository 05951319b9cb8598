package dev.hoshu.access;

import java.time.Instant;
import java.util.List;

/**
 * An engineer's request for time-boxed access to one device of one hospital.
 *
 * @param company    the engineer's organisation (the manufacturer or service company)
 * @param hospital   the organisation that owns the device and must approve
 * @param grantId    the grant created on approval, else {@code null}
 * @param decidedBy  subject of the approver who approved or denied, else {@code null}
 * @param denyReason the approver's reason for a denial, else {@code null}
 */
public record AccessRequest(String id, String engineer, String company, String hospital, String device,
                            Category category, List<String> tools, String reason, int durationMinutes,
                            RequestStatus status, Instant createdAt, String grantId, String decidedBy,
                            String denyReason) {

    public AccessRequest {
        tools = List.copyOf(tools);
    }

    /** A new, undecided request by {@code engineer}, whose organisation becomes the request's company. */
    public static AccessRequest pending(String id, Actor engineer, String hospital, String device, Category category,
                                        List<String> tools, String reason, int durationMinutes, Instant createdAt) {
        return new AccessRequest(id, engineer.subject(), engineer.organisation(), hospital, device, category, tools,
                reason, durationMinutes, RequestStatus.PENDING, createdAt, null, null, null);
    }

    public AccessRequest withStatus(RequestStatus newStatus) {
        return new AccessRequest(id, engineer, company, hospital, device, category, tools, reason, durationMinutes,
                newStatus, createdAt, grantId, decidedBy, denyReason);
    }

    public AccessRequest approved(String approver, String newGrantId) {
        return new AccessRequest(id, engineer, company, hospital, device, category, tools, reason, durationMinutes,
                RequestStatus.APPROVED, createdAt, newGrantId, approver, null);
    }

    public AccessRequest denied(String approver, String why) {
        return new AccessRequest(id, engineer, company, hospital, device, category, tools, reason, durationMinutes,
                RequestStatus.DENIED, createdAt, null, approver, why);
    }

    /** Pending again, as if never decided: an approval whose grant could not be stored did not happen. */
    public AccessRequest reopened() {
        return new AccessRequest(id, engineer, company, hospital, device, category, tools, reason, durationMinutes,
                RequestStatus.PENDING, createdAt, null, null, null);
    }

    public AccessRequest expired() {
        return withStatus(RequestStatus.EXPIRED);
    }
}
