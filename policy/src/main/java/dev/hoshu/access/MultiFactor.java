package dev.hoshu.access;

import java.util.List;
import java.util.Set;

/**
 * Which logins count as multi-factor (REQ-ACC-5, AAL2): a token whose {@code amr} names one of {@code amr}, or whose
 * {@code acr} is one of {@code acr}. Approving, opening emergency access and fetching grant certificates need one.
 */
public record MultiFactor(List<String> amr, List<String> acr) {

    /** RFC 8176 method names that mean a second factor, plus the {@code mfa} summary some providers send. */
    public static final List<String> DEFAULT_AMR = List.of("otp", "hwk", "swk", "mfa", "totp");

    public MultiFactor {
        amr = amr == null ? DEFAULT_AMR : List.copyOf(amr);
        acr = acr == null ? List.of() : List.copyOf(acr);
    }

    public static MultiFactor defaults() {
        return new MultiFactor(null, null);
    }

    /** @param doing what the actor tries, as in "approving" or "getting a grant certificate" */
    public Decision check(Actor actor, String doing) {
        Set<String> methods = Set.copyOf(actor.authMethods());
        if (amr.stream().anyMatch(methods::contains) || (actor.acr() != null && acr.contains(actor.acr()))) {
            return Decision.allow();
        }
        StringBuilder line = new StringBuilder("denied: " + doing + " needs a multi-factor login (token amr ")
                .append(actor.authMethods().stream().map(Names::printable).toList())
                .append(" has none of ").append(String.join(", ", amr));
        if (!acr.isEmpty()) {
            line.append("; acr ").append(actor.acr() == null ? "(none)" : Names.quoted(actor.acr()))
                    .append(" is not one of ").append(String.join(", ", acr));
        }
        return Decision.refuse(line.append(')').toString());
    }
}
