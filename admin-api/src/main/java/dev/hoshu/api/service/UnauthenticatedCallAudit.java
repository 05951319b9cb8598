package dev.hoshu.api.service;

/**
 * Hears API calls refused before anyone is known: no token, or one whose signature, issuer, audience or lifetime
 * fails (a forged token claiming some hospital's organisation among them). Optional, like {@link RoleRefusalAudit}.
 */
public interface UnauthenticatedCallAudit {

    /**
     * @param why the token check's own description (never the token itself)
     * @throws RefusedException with {@code UNAVAILABLE} when the refusal cannot be recorded
     */
    void unauthenticated(String method, String path, String why);
}
