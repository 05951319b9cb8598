package dev.hoshu.api.service;

import dev.hoshu.access.Actor;

/**
 * The device CA and its rotation (prepare, switch, finish), for the platform operator. Every call is audited;
 * refusals are {@link RefusedException}s: 403 without the operator role, 400 for an unknown step, 409 out of order,
 * and 409 for a {@code switch} or {@code finish} while active devices lag behind the rotation, unless forced.
 */
public interface CaRotationService {

    /** The rotation's phase and the CAs it involves. */
    CaStatus status(Actor actor);

    /**
     * Takes one step: {@code prepare}, {@code switch} or {@code finish}; answers the status after it.
     *
     * @param force switch or finish even though active devices lag behind (they will have to be enrolled again)
     */
    CaStatus rotate(Actor actor, String step, boolean force);
}
