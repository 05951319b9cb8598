package dev.hoshu.api.service;

import java.time.Instant;

/** An OpenSSH user certificate line for the engineer's key, valid until the grant ends. */
public record IssuedCertificate(String certificate, Instant validBefore) {
}
