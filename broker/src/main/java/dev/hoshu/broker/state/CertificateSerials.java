package dev.hoshu.broker.state;

import java.time.Instant;
import java.util.List;

/**
 * The device certificates the broker accepts for a device: the one it issued last and the one before, so a
 * renewal whose answer got lost does not lock the device out. Serials are lower-case hex.
 *
 * @param notAfter when the current one expires
 * @param issuer   the pin of the device CA that issued the current one; {@code null} in records from before
 *                 rotation progress was tracked (read as "unknown", so a rotation waits for the next renewal)
 * @param trust    the pins of the device CAs the broker's last answer to the device (enrollment or renewal) told
 *                 it to trust; {@code null} as for {@code issuer}
 */
public record CertificateSerials(String current, String previous, Instant notAfter, String issuer,
                                 List<String> trust) {

    public CertificateSerials {
        trust = trust == null ? null : List.copyOf(trust);
    }

    public CertificateSerials(String current, String previous, Instant notAfter) {
        this(current, previous, notAfter, null, null);
    }

    public static CertificateSerials first(String serial, Instant notAfter) {
        return new CertificateSerials(serial, null, notAfter);
    }

    /** The first certificate, issued by {@code issuer}, with the trust set the enrollment answer carried. */
    public static CertificateSerials first(String serial, Instant notAfter, String issuer, List<String> trust) {
        return new CertificateSerials(serial, null, notAfter, issuer, trust);
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

    /** As {@link #renewed(String, String, Instant)}, remembering the issuing CA and the trust set the answer carried. */
    public CertificateSerials renewed(String presented, String serial, Instant newNotAfter, String newIssuer,
                                      List<String> newTrust) {
        return new CertificateSerials(serial, presented, newNotAfter, newIssuer, newTrust);
    }

    /** True when the last answer told the device to trust the CA with this pin. */
    public boolean toldToTrust(String pin) {
        return trust != null && trust.contains(pin);
    }

    /** True when the current certificate is known to be from the CA with this pin. */
    public boolean issuedBy(String pin) {
        return issuer != null && issuer.equals(pin);
    }
}
