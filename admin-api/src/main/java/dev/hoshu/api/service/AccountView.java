package dev.hoshu.api.service;

import java.time.Instant;
import java.util.List;

/**
 * An account as the review shows it.
 *
 * @param hospitals   the hospitals an engineer asked for access to
 * @param lastActive  the latest of first seen, last API use and last SSH session
 * @param dormant     an engineer not active for the review's number of days
 * @param disabled    the disables standing that the reviewer may see
 */
public record AccountView(String subject, String organisation, List<String> roles, String displayName,
                          Instant firstSeen, Instant lastApiUse, Instant lastSshSession, Instant lastActive,
                          List<String> hospitals, boolean dormant, List<AccountDisableView> disabled) {

    public AccountView {
        roles = List.copyOf(roles);
        hospitals = List.copyOf(hospitals);
        disabled = List.copyOf(disabled);
    }
}
