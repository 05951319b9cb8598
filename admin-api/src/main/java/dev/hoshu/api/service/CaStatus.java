package dev.hoshu.api.service;

import java.util.List;

/**
 * Where the device-CA rotation stands.
 *
 * @param phase    {@code steady}, {@code prepared} or {@code switched}
 * @param issuing  the CA that signs device and tunnel certificates now
 * @param next     the CA prepared to take over (phase {@code prepared}), else null
 * @param previous the CA being phased out (phase {@code switched}), else null
 * @param trusted  the pins of every CA whose devices the tunnel port accepts, the set agents get at renewal
 * @param retired  how many CAs earlier rotations retired
 * @param nextStep what the operator does next, as one line
 */
public record CaStatus(String phase, CaView issuing, CaView next, CaView previous, List<String> trusted, int retired,
                       String nextStep) {

    /** One CA: subject, pin (base64url SHA-256 of the DER certificate, as in join tokens), end of validity. */
    public record CaView(String subject, String pin, String notAfter) {
    }
}
