package dev.hoshu.api;

import dev.hoshu.access.Actor;
import dev.hoshu.api.service.RefusedException;

/** A 403 from the coarse role gate, carrying who was refused so that the refusal can be audited. */
public final class RoleRefusedException extends RefusedException {

    private final transient Actor actor;

    RoleRefusedException(Actor actor, String message) {
        super(Status.FORBIDDEN, message);
        this.actor = actor;
    }

    public Actor actor() {
        return actor;
    }
}
