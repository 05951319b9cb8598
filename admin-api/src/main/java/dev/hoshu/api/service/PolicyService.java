package dev.hoshu.api.service;

import dev.hoshu.access.Actor;

/** Hospital policies: shown to the hospital's staff, applied by its admin, every version kept and audited. */
public interface PolicyService {

    PolicyView show(Actor actor, String hospital);

    /** Validates and applies a new version; takes effect for the next decision, without a restart. */
    PolicyView apply(Actor hospitalAdmin, String yaml);
}
