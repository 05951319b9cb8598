package dev.hoshu.api.service;

import java.time.Instant;
import java.util.List;

/**
 * A work order on the wire.
 *
 * @param reference the request's own work-order reference (the hospital's or company's ticket), or {@code null}
 * @param state     {@code open} (no closure yet) or {@code closed}
 * @param sessions  the recorded sessions run under its grant, oldest first
 * @param closure   how it was closed, or {@code null} while open
 */
public record WorkOrderView(String id, String reference, String hospital, String device, String engineer,
                            String company, String category, String reason, String requestStatus, String grantId,
                            Instant createdAt, String state, List<String> sessions, Closure closure) {

    public WorkOrderView {
        sessions = List.copyOf(sessions);
    }

    public record Closure(String result, String repairForm, String repairFormText, String operationCheck,
                          String helper, String closedBy, Instant closedAt) {
    }
}
