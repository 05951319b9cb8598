package dev.hoshu.broker.gateway;

import java.util.List;

/**
 * The versions of a tool the catalog has revoked, asked at every session so a revocation holds at once.
 * Throws when the catalog cannot be read: the gateway then refuses the session (fail closed).
 */
@FunctionalInterface
public interface RevokedVersions {

    /** For gateways without a catalog (tests of other features): nothing is revoked. */
    RevokedVersions NONE = tool -> List.of();

    List<String> of(String tool);
}
