package dev.hoshu.broker.state;

import java.time.Instant;
import java.util.List;

/**
 * One cut of an account.
 *
 * @param scope          {@link #EVERYWHERE}, or the one hospital that cut off an engineer of another organisation
 * @param byOrganisation the organisation of whoever disabled it, which decides who may enable it again
 * @param locks          the engineer locks standing for this disable, lifted when it is enabled
 */
public record AccountDisable(String scope, String by, String byOrganisation, Instant at, String reason,
                             List<String> locks) {

    public static final String EVERYWHERE = "everywhere";

    public AccountDisable {
        locks = locks == null ? List.of() : List.copyOf(locks);
    }

    public boolean everywhere() {
        return EVERYWHERE.equals(scope);
    }
}
