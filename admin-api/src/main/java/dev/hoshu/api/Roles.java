package dev.hoshu.api;

import dev.hoshu.access.Actor;
import java.util.Arrays;

/**
 * The coarse role gate in front of each call, for the API and the console alike (so the two cannot disagree); the
 * services then check hospital boundaries.
 */
public final class Roles {

    public static final String ENGINEER = "engineer";
    public static final String APPROVER = "approver";
    public static final String AUDITOR = "auditor";
    public static final String HOSPITAL_ADMIN = "hospital-admin";

    private Roles() {
    }

    /** Refuses, naming the action and the role(s) it needs, unless the actor has one of the roles. */
    public static void require(Actor actor, String action, String... anyOf) {
        if (Arrays.stream(anyOf).noneMatch(actor::hasRole)) {
            String needed = anyOf.length == 1 ? "the " + anyOf[0] + " role" : "one of the roles " + String.join(", ", anyOf);
            throw new RoleRefusedException(actor, "denied: " + action + " needs " + needed);
        }
    }
}
