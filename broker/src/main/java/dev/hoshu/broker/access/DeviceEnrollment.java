package dev.hoshu.broker.access;

import dev.hoshu.access.Names;
import dev.hoshu.access.TokyoTime;
import dev.hoshu.broker.audit.AuditTrail;
import dev.hoshu.broker.audit.AuditUnavailableException;
import dev.hoshu.broker.audit.AuditedAct;
import dev.hoshu.broker.pki.DeviceCa;
import dev.hoshu.broker.pki.DeviceCas;
import dev.hoshu.broker.state.CertificateSerials;
import dev.hoshu.broker.state.Device;
import dev.hoshu.broker.state.DeviceStatus;
import dev.hoshu.broker.state.DeviceStore;
import dev.hoshu.broker.state.JoinTokenRecord;
import dev.hoshu.broker.state.JoinTokenStore;
import dev.hoshu.tunnel.enroll.EnrollmentAuthority;
import dev.hoshu.tunnel.enroll.EnrollmentRefusedException;
import dev.hoshu.tunnel.enroll.EnrollmentRequest;
import dev.hoshu.tunnel.enroll.EnrollmentResponse;
import dev.hoshu.tunnel.enroll.JoinToken;
import dev.hoshu.tunnel.pki.CaPins;
import dev.hoshu.tunnel.pki.DeviceCertificates;
import dev.hoshu.tunnel.pki.PemFiles;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.net.SocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redeems a join token: the token must be known, unused and unexpired; it is marked used before anything is
 * issued (so it works once even under a race), then the CSR's key gets a device certificate bound to the token's
 * device and hospital.
 */
public final class DeviceEnrollment implements EnrollmentAuthority {

    private static final Logger log = LoggerFactory.getLogger(DeviceEnrollment.class);

    private final JoinTokenStore tokens;
    private final DeviceStore devices;
    private final DeviceCas cas;
    private final PublicKey brokerSshKey;
    private final Duration certificateLifetime;
    private final Clock clock;
    private final UnverifiedPeerRefusals unverified;
    private final AuditTrail audit;

    public DeviceEnrollment(JoinTokenStore tokens, DeviceStore devices, DeviceCas cas, PublicKey brokerSshKey,
                            Duration certificateLifetime, Clock clock, AuditTrail audit) {
        this.audit = audit;
        this.tokens = tokens;
        this.devices = devices;
        this.cas = cas;
        this.brokerSshKey = brokerSshKey;
        this.certificateLifetime = certificateLifetime;
        this.clock = clock;
        this.unverified = new UnverifiedPeerRefusals(audit, "device.enroll", clock,
                UnverifiedPeerRefusals.DEFAULT_PER_MINUTE);
    }

    @Override
    public EnrollmentResponse enroll(EnrollmentRequest request) throws EnrollmentRefusedException {
        // Who enrolls is known only once the token checks out; until then the device is a stranger.
        AuditedAct act = new AuditedAct(audit, "device.enroll", "device:unknown", null);
        try {
            EnrollmentResponse response = enroll(request, act);
            act.allow();
            return response;
        } catch (EnrollmentRefusedException refusal) {
            act.refuse(refusal.getMessage());
            throw refusal;
        } catch (AuditUnavailableException unavailable) {
            throw refused("audit log unavailable");
        }
    }

    @Override
    public void refusedEarly(SocketAddress from, String reason) {
        unverified.refuse(new AuditedAct(audit, "device.enroll", "device:unknown", null)
                .detail("remote", String.valueOf(from)), reason);
    }

    private EnrollmentResponse enroll(EnrollmentRequest request, AuditedAct act) throws EnrollmentRefusedException {
        JoinTokenRecord token = redeem(request, act);
        act.by("device:" + token.deviceId(), token.hospital()).about(token.hospital(), token.deviceId());
        // One CA for the whole answer, even if a rotation switches meanwhile.
        DeviceCa ca = cas.issuing();
        X509Certificate certificate;
        try {
            PKCS10CertificationRequest csr = PemFiles.readCsr(request.csr());
            certificate = DeviceCertificates.issueDevice(csr, token.deviceId(), token.hospital(), ca.keys(),
                    ca.certificate(), certificateLifetime);
        } catch (RuntimeException e) {
            log.info("enrollment of {} refused: bad certificate request ({})", token.deviceId(), e.getMessage());
            throw refused("the certificate request is malformed or its signature does not verify");
        }
        act.detail("serial", certificate.getSerialNumber().toString(16))
                .detail("agentVersion", request.agentVersion() == null ? null : Names.printable(request.agentVersion()))
                .allow();
        Instant now = clock.instant();
        // Only this certificate opens tunnels from now on; an earlier enrollment's are void, a decommissioning ends.
        // The enrollment answer pins the issuing CA only; a rotation's next CA reaches the device at its renewal.
        String issuer = DeviceCas.pin(ca.certificate());
        CertificateSerials issued = CertificateSerials.first(DeviceCa.serialOf(certificate),
                certificate.getNotAfter().toInstant(), issuer, List.of(issuer));
        devices.upsert(token.deviceId(), current -> (current == null
                ? new Device(token.deviceId(), token.hospital(), DeviceStatus.ENROLLED, now)
                : current).enrolled(now, issued));
        log.info("device {} of {} enrolled (agent {}); certificate valid until {}", token.deviceId(), token.hospital(),
                request.agentVersion(), certificate.getNotAfter().toInstant());
        return new EnrollmentResponse(token.deviceId(), token.hospital(),
                PemFiles.toPem(List.of(certificate, ca.certificate())), PemFiles.toPem(ca.certificate()),
                PublicKeyEntry.toString(brokerSshKey));
    }

    private JoinTokenRecord redeem(EnrollmentRequest request, AuditedAct act) throws EnrollmentRefusedException {
        if (request == null || request.token() == null || request.csr() == null) {
            throw refused("the request needs a token and a csr");
        }
        JoinToken presented;
        try {
            presented = JoinToken.parse(request.token());
        } catch (IllegalArgumentException e) {
            throw refused(e.getMessage());
        }
        // The token id is safe to keep; the secret never reaches the log.
        act.detail("token", Names.printable(presented.tokenId()));
        // A wrong secret or a token for another broker's CA reads as unknown: nothing to learn by guessing.
        JoinTokenRecord token = tokens.find(presented.tokenId())
                .filter(stored -> Secrets.matches(presented.secret(), stored.secretSha256()))
                .filter(stored -> presented.caPin().equals(CaPins.of(cas.issuing().certificate())))
                .orElseThrow(() -> refused("join token unknown"));
        act.by("device:" + token.deviceId(), null).about(token.hospital(), token.deviceId());
        if (token.usedAt() != null) {
            throw refused("join token already used");
        }
        Instant now = clock.instant();
        if (!now.isBefore(token.expiresAt())) {
            throw refused("join token expired at " + TokyoTime.format(token.expiresAt()));
        }
        Device device = devices.find(token.deviceId()).orElse(null);
        if (device != null && !device.hospital().equals(token.hospital())) {
            throw refused("device " + token.deviceId() + " belongs to another hospital");
        }
        if (!tokens.markUsed(token.tokenId(), now)) {
            throw refused("join token already used");
        }
        return token;
    }

    private static EnrollmentRefusedException refused(String why) {
        return new EnrollmentRefusedException("enroll refused: " + why);
    }
}
