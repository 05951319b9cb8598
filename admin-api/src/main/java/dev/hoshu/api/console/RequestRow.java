package dev.hoshu.api.console;

import dev.hoshu.access.AccessRequest;
import java.util.List;
import java.util.Map;

/**
 * A pending request as the requests page shows it, with what an approver checks before saying yes.
 *
 * @param licence          the company's repair licence, or {@code null} when not registered or not visible
 * @param contract         the maintenance contract that covers the request, or {@code null} when none does
 * @param approvalsMissing approvals still needed after those given, or {@code null} when the policy is not visible
 * @param cautions         each requested tool's cautions, from its newest published version that is not revoked
 *                         (none listed for a tool the catalog does not hold)
 */
public record RequestRow(AccessRequest request, String licence, String contract, Integer approvalsMissing,
                         Map<String, List<String>> cautions) {
}
