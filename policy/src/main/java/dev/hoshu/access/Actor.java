package dev.hoshu.access;

import java.util.Set;

/**
 * A person acting through the API, as their identity provider's token describes them.
 *
 * @param subject      stable user id ({@code sub})
 * @param organisation the hospital or company the person belongs to
 * @param roles        {@code engineer}, {@code approver}, {@code hospital-admin}, {@code auditor}, …
 * @param displayName  for audit lines and the console
 */
public record Actor(String subject, String organisation, Set<String> roles, String displayName) {

    public Actor {
        roles = Set.copyOf(roles);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
