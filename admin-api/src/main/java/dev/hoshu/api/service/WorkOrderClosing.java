package dev.hoshu.api.service;

/**
 * What closing a work order records; every field but {@code repairFormText} is needed.
 *
 * @param repairForm     {@code REMOTE_ONLY}, {@code ON_SITE_VISIT}, {@code LOCAL_REPAIRER} or {@code OTHER}
 * @param repairFormText the words for {@code OTHER}; needed then, refused otherwise
 * @param helper         the hospital staff member who helped, or {@code none}
 */
public record WorkOrderClosing(String result, String repairForm, String repairFormText, String operationCheck,
                               String helper) {
}
