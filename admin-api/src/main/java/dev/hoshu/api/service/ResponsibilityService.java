package dev.hoshu.api.service;

import dev.hoshu.access.Actor;

/**
 * Who does what for a hospital's remote maintenance (REQ-WORK-3): its hospital-admins write it, its staff read it.
 * Each read and write, allowed or refused, is audited.
 */
public interface ResponsibilityService {

    /** The caller's hospital's sheet; 404 while none was written. */
    Responsibilities responsibilities(Actor actor);

    /** Replaces the caller's hospital's sheet (hospital-admin only). */
    Responsibilities update(Actor actor, Responsibilities sheet);
}
