package dev.hoshu.broker.state;

import java.time.Instant;

/**
 * The device certificates the broker accepts for a device: the one it issued last and the one before, so a
 * renewal whose answer got lost does not lock the device out. Serials are lower-case hex.
 *
 * @param notAfter when the current one expires
 */
public record CertificateSerials(String current, String previous, Instant notAfter) {

    public static CertificateSerials first(String serial, Instant notAfter) {
        return new CertificateSerials(serial, null, notAfter);
    }

    public boolean accepts(String serial) {
        return serial != null && (serial.equals(current) || serial.equals(previous));
    }

    /**
     * After issuing {@code serial} to a device that proved {@code presented}: the presented one becomes the
     * previous one, whichever of the two it was, so the device can always fall back to the certificate it holds.
     */
    public CertificateSerials renewed(String presented, String serial, Instant newNotAfter) {
        return new CertificateSerials(serial, presented, newNotAfter);
    }
}
