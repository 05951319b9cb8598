package dev.hoshu.access;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * An engineer's request for time-boxed access to one device of one hospital.
 *
 * @param company     the engineer's organisation (the manufacturer or service company)
 * @param hospital    the organisation that owns the device and must approve
 * @param grantId     the grant created on the last needed approval, else {@code null}
 * @param decidedBy   subject of the approver whose approval completed it, or who denied it, else {@code null}
 * @param denyReason  the approver's reason for a denial, else {@code null}
 * @param workOrder   the hospital's or company's work-order reference, else {@code null}
 * @param start       the start the engineer wants, or {@code null} for "as soon as approved"
 * @param patientData the engineer asks for access to patient data (REQ-ACC-2: off unless asked and allowed)
 * @param approvals   the distinct approvals so far, in order; the grant exists once the policy's N are in
 * @param expiresAt   when the pending request lapses if not decided
 */
public record AccessRequest(String id, String engineer, String company, String hospital, String device,
                            Category category, List<String> tools, String reason, int durationMinutes,
                            RequestStatus status, Instant createdAt, String grantId, String decidedBy,
                            String denyReason, String workOrder, Instant start, Boolean patientData,
                            List<RequestApproval> approvals, Instant expiresAt) {

    /** How long a request waits for its approvals unless the broker is configured otherwise. */
    public static final Duration DEFAULT_PENDING_LIFETIME = Duration.ofHours(1);

    public AccessRequest {
        tools = List.copyOf(tools);
        approvals = approvals == null ? List.of() : List.copyOf(approvals);
        // Requests stored before patient-data access could be asked for never asked for it.
        patientData = Boolean.TRUE.equals(patientData);
        // State written before pending lifetimes were configurable carries none: it had the one-hour default.
        expiresAt = expiresAt == null && createdAt != null ? createdAt.plus(DEFAULT_PENDING_LIFETIME) : expiresAt;
    }

    /** A new, undecided request by {@code engineer}, whose organisation becomes the request's company. */
    public static AccessRequest pending(String id, Actor engineer, String hospital, String device, Category category,
                                        List<String> tools, String reason, int durationMinutes, Instant createdAt) {
        return pending(id, engineer, hospital, device, category, tools, reason, durationMinutes, createdAt, null,
                null, false, createdAt.plus(DEFAULT_PENDING_LIFETIME));
    }

    public static AccessRequest pending(String id, Actor engineer, String hospital, String device, Category category,
                                        List<String> tools, String reason, int durationMinutes, Instant createdAt,
                                        String workOrder, Instant start, boolean patientData, Instant expiresAt) {
        return new AccessRequest(id, engineer.subject(), engineer.organisation(), hospital, device, category, tools,
                reason, durationMinutes, RequestStatus.PENDING, createdAt, null, null, null, workOrder, start,
                patientData, List.of(), expiresAt);
    }

    public AccessRequest withStatus(RequestStatus newStatus) {
        return new AccessRequest(id, engineer, company, hospital, device, category, tools, reason, durationMinutes,
                newStatus, createdAt, grantId, decidedBy, denyReason, workOrder, start, patientData, approvals,
                expiresAt);
    }

    /** One more distinct approval that does not yet complete the request: it stays pending. */
    public AccessRequest withApproval(RequestApproval approval) {
        List<RequestApproval> more = new java.util.ArrayList<>(approvals);
        more.add(approval);
        return new AccessRequest(id, engineer, company, hospital, device, category, tools, reason, durationMinutes,
                status, createdAt, grantId, decidedBy, denyReason, workOrder, start, patientData, more, expiresAt);
    }

    public AccessRequest approved(String approver, String newGrantId) {
        return new AccessRequest(id, engineer, company, hospital, device, category, tools, reason, durationMinutes,
                RequestStatus.APPROVED, createdAt, newGrantId, approver, null, workOrder, start, patientData,
                approvals, expiresAt);
    }

    public AccessRequest denied(String approver, String why) {
        return new AccessRequest(id, engineer, company, hospital, device, category, tools, reason, durationMinutes,
                RequestStatus.DENIED, createdAt, null, approver, why, workOrder, start, patientData, approvals,
                expiresAt);
    }

    /**
     * As if {@code subject} had not decided: their approval taken out and, when their decision closed the request,
     * pending again. What undoes a decision whose audit event could not be written, which therefore did not happen.
     */
    public AccessRequest withoutDecisionOf(String subject) {
        List<RequestApproval> others = approvals.stream().filter(a -> !a.approver().equals(subject)).toList();
        boolean theirs = subject.equals(decidedBy)
                && (status == RequestStatus.APPROVED || status == RequestStatus.DENIED);
        return new AccessRequest(id, engineer, company, hospital, device, category, tools, reason, durationMinutes,
                theirs ? RequestStatus.PENDING : status, createdAt, theirs ? null : grantId, theirs ? null : decidedBy,
                theirs ? null : denyReason, workOrder, start, patientData, others, expiresAt);
    }

    public AccessRequest expired() {
        return withStatus(RequestStatus.EXPIRED);
    }

    /** Whether {@code subject} already gave one of this request's approvals. */
    public boolean approvedBy(String subject) {
        return approvals.stream().anyMatch(approval -> approval.approver().equals(subject));
    }
}
