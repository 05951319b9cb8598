package dev.hoshu.api.service;

import dev.hoshu.access.Actor;

/** Join tokens that let a device agent enroll. Refusals are {@link RefusedException}s. */
public interface EnrollmentService {

    IssuedJoinToken createJoinToken(Actor hospitalAdmin, String deviceId);
}
