package dev.hoshu.api.identity;

import dev.hoshu.access.Actor;
import dev.hoshu.access.Names;
import dev.hoshu.api.service.RefusedException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Reads the actor out of a token whose signature, issuer and lifetime were already checked, with how they logged in
 * ({@code amr}, {@code acr}) for the multi-factor checks.
 */
public final class JwtActors {

    private final IdentityClaims claims;

    public JwtActors(IdentityClaims claims) {
        this.claims = claims;
    }

    public Actor actorOf(Jwt jwt) {
        String subject = jwt.getSubject();
        if (subject == null || subject.isBlank()) {
            throw RefusedException.forbidden("denied: the token has no subject");
        }
        String user = user(jwt, subject);
        // Every hospital boundary is checked against the organisation, so a token without one can do nothing.
        Object org = claim(jwt, claims.orgClaim());
        if (!(org instanceof String organisation) || organisation.isBlank()) {
            throw RefusedException.forbidden("denied: the token has no '" + claims.orgClaim() + "' claim");
        }
        Object name = claim(jwt, claims.nameClaim());
        String displayName = name instanceof String s && !s.isBlank() ? s : user;
        Object acr = jwt.getClaims().get("acr");
        return new Actor(user, organisation, roles(claim(jwt, claims.rolesClaim())), displayName,
                List.copyOf(roles(jwt.getClaims().get("amr"))), acr instanceof String text ? text : null);
    }

    /**
     * The name the broker knows the user by. Fail closed: a configured claim that is missing or not a plain name
     * refuses the token rather than falling back to the subject, which would give one person two names.
     */
    private String user(Jwt jwt, String subject) {
        if ("sub".equals(claims.userClaim())) {
            return subject;
        }
        Object value = claim(jwt, claims.userClaim());
        if (!(value instanceof String user) || user.isBlank()) {
            throw RefusedException.forbidden("denied: the token has no '" + claims.userClaim() + "' claim");
        }
        if (!Names.isSubject(user)) {
            throw RefusedException.forbidden("denied: the token's '" + claims.userClaim() + "' claim "
                    + Names.quoted(user) + " is not a usable user name");
        }
        return user;
    }

    private static Set<String> roles(Object value) {
        Set<String> roles = new LinkedHashSet<>();
        if (value instanceof Collection<?> list) {
            list.stream().filter(String.class::isInstance).map(String.class::cast).forEach(roles::add);
        } else if (value instanceof String text) {
            Arrays.stream(text.trim().split("[\\s,]+")).filter(r -> !r.isEmpty()).forEach(roles::add);
        }
        return roles;
    }

    private static Object claim(Jwt jwt, String path) {
        Object current = jwt.getClaims();
        for (String part : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(part);
        }
        return current;
    }
}
