package dev.hoshu.api.service;

import dev.hoshu.access.Actor;
import java.util.List;

/** Grants after approval: listing, revoking (live sessions end too), emergency access and its review. */
public interface GrantService {

    /** An engineer's own grants; an approver's or auditor's hospital's; newest first. */
    List<GrantView> grants(Actor actor, boolean unreviewedEmergenciesOnly);

    GrantView revoke(Actor actor, String grantId, String reason);

    GrantView review(Actor actor, String grantId, String note);

    /** Opens a grant without prior approval where the hospital's policy allows it; every approver is told. */
    GrantView openEmergency(Actor engineer, NewEmergency emergency);
}
