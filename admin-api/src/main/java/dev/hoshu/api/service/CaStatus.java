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
 * @param progress how far the active devices are with the phase: the operator switches or finishes when none lags
 */
public record CaStatus(String phase, CaView issuing, CaView next, CaView previous, List<String> trusted, int retired,
                       String nextStep, Progress progress) {

    /**
     * @param active     enrolled devices holding an unexpired certificate
     * @param lagging    how many of them have not yet done what the phase waits for
     * @param waitingFor what that is, e.g. "have not yet received the next CA (at their renewal)"; null when steady
     * @param devices    the lagging devices as "CT-01 (hosp-a)", the first {@link #LISTED} of them
     */
    public record Progress(int active, int lagging, String waitingFor, List<String> devices) {

        /** An answer names at most this many devices; {@code lagging} counts them all. */
        public static final int LISTED = 100;
    }

    /** One CA: subject, pin (base64url SHA-256 of the DER certificate, as in join tokens), end of validity. */
    public record CaView(String subject, String pin, String notAfter) {
    }
}
