package dev.hoshu.broker.gateway;

import java.util.List;
import java.util.Optional;

/**
 * What the catalog says about a run, asked at every session so a change holds at once: the revoked versions of
 * the tool, and the manufacturer keys the device's hospital trusts. Throws when it cannot be read: the gateway
 * then refuses the session (fail closed).
 */
public interface ToolTrust {

    /** For gateways without a catalog (tests of other features): nothing revoked, no hospital list. */
    ToolTrust NONE = new ToolTrust() {
        @Override
        public List<String> revokedVersions(String tool) {
            return List.of();
        }

        @Override
        public Optional<List<String>> trustedKeys(String hospital) {
            return Optional.empty();
        }
    };

    List<String> revokedVersions(String tool);

    /** Empty when the hospital never listed keys: the device's own trusted keys decide alone. */
    Optional<List<String>> trustedKeys(String hospital);
}
