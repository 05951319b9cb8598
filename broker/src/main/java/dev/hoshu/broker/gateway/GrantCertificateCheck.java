package dev.hoshu.broker.gateway;

import dev.hoshu.access.TokyoTime;
import dev.hoshu.access.Grant;
import dev.hoshu.broker.locks.ActiveLocks;
import dev.hoshu.broker.locks.LockedSubject;
import dev.hoshu.broker.state.GrantLookup;
import dev.hoshu.broker.state.StateUnavailableException;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.OpenSshCertificate;

/**
 * Decides whether an offered key may log in: only an OpenSSH user certificate from the broker's user
 * CA, in validity, whose principal is the login name (the device id) and whose key id names a live
 * grant for that device. The certificate's CA signature itself is verified by MINA's public-key auth.
 */
final class GrantCertificateCheck {

    private final PublicKey userCa;
    private final GrantLookup grants;
    private final ActiveLocks locks;
    private final Clock clock;

    GrantCertificateCheck(PublicKey userCa, GrantLookup grants, ActiveLocks locks, Clock clock) {
        this.userCa = userCa;
        this.grants = grants;
        this.locks = locks;
        this.clock = clock;
    }

    LoginVerdict check(String device, PublicKey offered) {
        if (!(offered instanceof OpenSshCertificate cert)) {
            return LoginVerdict.refuse("refused: plain SSH keys are not accepted; log in with your grant certificate"
                    + " (hoshu ssh " + printable(device) + ")");
        }
        if (cert.getType() != OpenSshCertificate.Type.USER) {
            return LoginVerdict.refuse("refused: certificate " + printable(cert.getId()) + " is not a user certificate");
        }
        if (!KeyUtils.compareKeys(userCa, cert.getCaPubKey())) {
            return LoginVerdict.refuse("refused: certificate " + printable(cert.getId())
                    + " is signed by an unknown CA " + KeyUtils.getFingerPrint(cert.getCaPubKey())
                    + ", not this broker's user CA");
        }
        if (!cert.getCriticalOptions().isEmpty()) {
            // force-command or source-address would change what the certificate allows; we honour neither.
            return LoginVerdict.refuse("refused: certificate " + printable(cert.getId())
                    + " carries critical options this gateway does not support");
        }
        Instant now = clock.instant();
        Optional<String> outOfValidity = validityRefusal(cert, now);
        if (outOfValidity.isPresent()) {
            return LoginVerdict.refuse(outOfValidity.get());
        }
        if (cert.getPrincipals().isEmpty()) {
            // OpenSSH reads no principals as "any user"; here that would mean any device.
            return LoginVerdict.refuse("refused: certificate " + printable(cert.getId()) + " names no device");
        }
        if (!cert.getPrincipals().contains(device)) {
            return LoginVerdict.refuse("refused: certificate " + printable(cert.getId()) + " is for "
                    + printable(String.join(",", cert.getPrincipals())) + ", not device " + printable(device));
        }
        return sharedGrantRefusal(cert.getId(), device, now)
                .map(LoginVerdict::refuse)
                .orElseGet(() -> LoginVerdict.accept(new EngineerLogin(cert.getId(), device)));
    }

    private static Optional<String> validityRefusal(OpenSshCertificate cert, Instant now) {
        if (OpenSshCertificate.isValidAt(cert, now)) {
            return Optional.empty();
        }
        long validAfter = cert.getValidAfter();
        if (Long.compareUnsigned(now.getEpochSecond(), validAfter) < 0) {
            return Optional.of("refused: certificate " + printable(cert.getId()) + " is not valid before "
                    + TokyoTime.format(Instant.ofEpochSecond(validAfter)));
        }
        return Optional.of("refused: certificate " + printable(cert.getId()) + " expired at "
                + TokyoTime.format(Instant.ofEpochSecond(cert.getValidBefore())));
    }

    /** A grant or lock the shared state cannot show is no grant to log in with. */
    private Optional<String> sharedGrantRefusal(String grantId, String device, Instant now) {
        try {
            return grantRefusal(grantId, device, now);
        } catch (StateUnavailableException away) {
            return Optional.of(away.refusal());
        }
    }

    private Optional<String> grantRefusal(String grantId, String device, Instant now) {
        if (grantId == null || grantId.isBlank()) {
            return Optional.of("refused: certificate names no grant");
        }
        Optional<Grant> found = grants.find(grantId);
        if (found.isEmpty()) {
            return Optional.of("refused: grant " + printable(grantId) + " does not exist");
        }
        Grant grant = found.get();
        // A lock revokes the grants it covers; naming the lock says why, and who can lift it.
        Optional<String> locked = locks.refusal(LockedSubject.of(grant));
        if (locked.isPresent()) {
            return locked;
        }
        if (grant.revokedAt() != null) {
            return Optional.of("refused: grant " + grant.id() + " was revoked"
                    + (grant.revokedReason() == null ? "" : ": " + grant.revokedReason()));
        }
        if (!grant.device().equals(device)) {
            return Optional.of("refused: grant " + grant.id() + " is for device " + grant.device() + ", not "
                    + printable(device));
        }
        if (!now.isBefore(grant.notAfter())) {
            return Optional.of("refused: grant " + grant.id() + " ended at " + TokyoTime.format(grant.notAfter()));
        }
        return Optional.empty();
    }

    /** Names from a certificate are attacker-chosen; control characters must not reach a terminal or log. */
    static String printable(String value) {
        if (value == null) {
            return "(none)";
        }
        String clean = value.codePoints()
                .map(cp -> Character.isISOControl(cp) ? '?' : cp)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        return clean.length() > 64 ? clean.substring(0, 64) + "…" : clean;
    }
}
