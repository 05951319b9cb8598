package dev.hoshu.api.console;

import dev.hoshu.access.AccessRequest;

/**
 * A pending request as the requests page shows it, with what an approver checks before saying yes.
 *
 * @param licence          the company's repair licence, or {@code null} when not registered or not visible
 * @param contract         the maintenance contract that covers the request, or {@code null} when none does
 * @param approvalsMissing approvals still needed after those given, or {@code null} when the policy is not visible
 */
public record RequestRow(AccessRequest request, String licence, String contract, Integer approvalsMissing) {
}
