package dev.hoshu.broker.access;

import dev.hoshu.access.Actor;
import dev.hoshu.access.Names;
import dev.hoshu.api.service.EnrollmentService;
import dev.hoshu.api.service.IssuedJoinToken;
import dev.hoshu.api.service.RefusedException;
import dev.hoshu.broker.audit.AuditTrail;
import dev.hoshu.broker.audit.AuditedAct;
import dev.hoshu.broker.state.Device;
import dev.hoshu.broker.state.DeviceStatus;
import dev.hoshu.broker.state.DeviceStore;
import dev.hoshu.broker.state.Ids;
import dev.hoshu.broker.state.JoinTokenRecord;
import dev.hoshu.broker.state.JoinTokenStore;
import dev.hoshu.tunnel.enroll.JoinToken;
import dev.hoshu.tunnel.pki.CaPins;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mints join tokens: a hospital admin binds a device id to their hospital and gets a one-time token that pins
 * this broker's device CA. A device already bound to another hospital is refused.
 */
public final class JoinTokens implements EnrollmentService {

    private static final Logger log = LoggerFactory.getLogger(JoinTokens.class);

    private final JoinTokenStore tokens;
    private final DeviceStore devices;
    // The CA the tunnel port presents when the token is issued; a rotation's switch changes it.
    private final java.util.function.Supplier<X509Certificate> deviceCa;
    private final Duration lifetime;
    private final Clock clock;
    private final AccessAudit audit;

    public JoinTokens(JoinTokenStore tokens, DeviceStore devices, java.util.function.Supplier<X509Certificate> deviceCa, Duration lifetime,
                      Clock clock, AuditTrail audit) {
        this.audit = new AccessAudit(audit);
        this.tokens = tokens;
        this.devices = devices;
        this.deviceCa = deviceCa;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    @Override
    public IssuedJoinToken createJoinToken(Actor admin, String deviceId) {
        return audit.run("device.join-token", admin, act -> create(admin, deviceId,
                act.about(admin.organisation(), Names.printable(deviceId))));
    }

    private IssuedJoinToken create(Actor admin, String deviceId, AuditedAct act) {
        Refusals.requireRole(admin, "creating a join token", "hospital-admin");
        if (!Names.isDeviceId(deviceId)) {
            throw RefusedException.badRequest("refused: device id " + Names.quoted(deviceId) + " is not valid");
        }
        String hospital = admin.organisation();
        devices.upsert(deviceId, current -> {
            if (current == null) {
                return new Device(deviceId, hospital, DeviceStatus.INVITED, null);
            }
            if (!current.hospital().equals(hospital)) {
                throw RefusedException.conflict("refused: device " + deviceId + " belongs to another hospital");
            }
            return current;
        });
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        JoinToken token = new JoinToken("t" + Ids.random(15), Secrets.newSecret(), CaPins.of(deviceCa.get()));
        Instant expiresAt = now.plus(lifetime);
        // The token id only: the secret never leaves this method except to the admin who asked.
        act.detail("token", token.tokenId()).detail("expiresAt", expiresAt.toString()).allow();
        tokens.insert(new JoinTokenRecord(token.tokenId(), Secrets.sha256Hex(token.secret()), deviceId, hospital,
                admin.subject(), now, expiresAt, null));
        log.info("join token {} for {} of {} created by {}, expires {}", token.tokenId(), deviceId, hospital,
                admin.subject(), expiresAt);
        return new IssuedJoinToken(token.format(), expiresAt);
    }
}
