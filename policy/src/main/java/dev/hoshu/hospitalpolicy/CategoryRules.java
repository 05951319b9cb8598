package dev.hoshu.hospitalpolicy;

import java.util.List;

/**
 * What a hospital allows for one work category.
 *
 * @param approvals        distinct approvers needed (N of the M the policy names)
 * @param maxMinutes       the longest window
 * @param tools            the tools that may be asked for; empty means any tool the contracts cover
 * @param observerRequired one of the hospital's observers must watch before a session of this category runs
 */
public record CategoryRules(int approvals, int maxMinutes, List<String> tools, boolean observerRequired) {

    public CategoryRules {
        tools = tools == null ? List.of() : List.copyOf(tools);
    }
}
