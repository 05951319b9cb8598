package dev.hoshu.broker.state;

import dev.hoshu.access.Grant;
import java.util.Optional;

/** Read access to grants, for the SSH gateway's per-session check. */
public interface GrantLookup {

    Optional<Grant> find(String grantId);

    /** Marks the grant revoked, so no new session opens under it (a kill revokes the grant it ran under). */
    void revoke(String grantId, String reason);
}
