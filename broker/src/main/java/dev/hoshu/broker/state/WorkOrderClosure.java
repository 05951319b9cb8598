package dev.hoshu.broker.state;

import dev.hoshu.report.RepairForm;
import java.time.Instant;

/**
 * How a work order was closed; written once, never changed (a correction would be a new record).
 *
 * @param workOrder      the work order's id, which is its request's
 * @param repairFormText the words for {@link RepairForm#OTHER}, else {@code null}
 * @param helper         the hospital staff member who helped, or {@code none}
 */
public record WorkOrderClosure(String workOrder, String hospital, String result, RepairForm repairForm,
                               String repairFormText, String operationCheck, String helper, String closedBy,
                               Instant closedAt) {
}
