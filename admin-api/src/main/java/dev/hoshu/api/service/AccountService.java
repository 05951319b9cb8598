package dev.hoshu.api.service;

import dev.hoshu.access.Actor;

/** The accounts the broker has seen (REQ-ACC-7): their use of the API, their review, disabling and enabling. */
public interface AccountService {

    /**
     * Notes an API call by {@code actor} in the ledger.
     *
     * @param call what was called, for the audit event of a refusal ({@code POST /api/v1/requests})
     * @throws RefusedException 403 with one line when the account is disabled
     */
    void apiUse(Actor actor, String call);

    /** The accounts the actor may review, dormant engineers flagged. */
    AccountReview review(Actor actor, int dormantDays);

    AccountView disable(Actor actor, String subject, String reason);

    AccountView enable(Actor actor, String subject, String reason);
}
