package dev.hoshu.broker.state;

import dev.hoshu.api.service.Responsibilities;

/** One hospital's who-does-what sheet as stored: the last version written, keyed by hospital. */
public record HospitalResponsibilities(String hospital, Responsibilities sheet) {
}
