package dev.hoshu.access;

import java.time.Instant;

/** Whether one command may run under a grant, checked by the gateway for every exec. */
public final class GrantRules {

    private GrantRules() {
    }

    public static Decision mayRun(Grant grant, String device, String tool, Instant now) {
        if (!grant.device().equals(device)) {
            return Decision.refuse("denied: grant " + grant.id() + " is for device " + grant.device() + ", not "
                    + Names.quoted(device));
        }
        if (grant.revokedAt() != null) {
            String why = grant.revokedReason() == null || grant.revokedReason().isBlank()
                    ? "" : ": " + grant.revokedReason();
            return Decision.refuse("denied: grant " + grant.id() + " was revoked" + why);
        }
        if (now.isBefore(grant.notBefore())) {
            return Decision.refuse("denied: grant " + grant.id() + " starts at " + TokyoTime.format(grant.notBefore()));
        }
        if (!now.isBefore(grant.notAfter())) {
            return Decision.refuse("denied: grant " + grant.id() + " ended at " + TokyoTime.format(grant.notAfter()));
        }
        if (!grant.tools().contains(tool)) {
            return Decision.refuse("denied: tool " + Names.quoted(tool) + " is not in grant " + grant.id()
                    + " (allowed: " + String.join(", ", grant.tools()) + ")");
        }
        return Decision.allow();
    }
}
