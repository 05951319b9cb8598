package dev.hoshu.access;

import java.util.List;
import java.util.Set;

/**
 * A person acting through the API, as their identity provider's token describes them.
 *
 * @param subject      stable user id ({@code sub})
 * @param organisation the hospital or company the person belongs to
 * @param roles        {@code engineer}, {@code approver}, {@code hospital-admin}, {@code auditor}, …
 * @param displayName  for audit lines and the console
 * @param authMethods  the token's {@code amr}: how the person logged in ({@code pwd}, {@code otp}, {@code hwk}, …),
 *                     in the token's order
 * @param acr          the token's {@code acr} (authentication context class), or {@code null}
 */
public record Actor(String subject, String organisation, Set<String> roles, String displayName,
                    List<String> authMethods, String acr) {

    public Actor {
        roles = Set.copyOf(roles);
        authMethods = authMethods == null ? List.of() : List.copyOf(authMethods);
    }

    /** An actor whose token said nothing about how they logged in: no multi-factor act is open to them. */
    public Actor(String subject, String organisation, Set<String> roles, String displayName) {
        this(subject, organisation, roles, displayName, List.of(), null);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /** This actor, as a token with these {@code amr} and {@code acr} values describes them. */
    public Actor loggedInWith(List<String> methods, String contextClass) {
        return new Actor(subject, organisation, roles, displayName, methods, contextClass);
    }
}
