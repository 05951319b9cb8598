package dev.hoshu.broker.access;

import dev.hoshu.access.Names;
import dev.hoshu.access.TokyoTime;
import dev.hoshu.broker.audit.AuditTrail;
import dev.hoshu.broker.audit.AuditUnavailableException;
import dev.hoshu.broker.audit.AuditedAct;
import dev.hoshu.broker.notify.CutNotice;
import dev.hoshu.broker.notify.CutNotifier;
import dev.hoshu.broker.pki.DeviceCa;
import dev.hoshu.broker.pki.DeviceCas;
import dev.hoshu.broker.reversetunnel.DeviceAuthority;
import dev.hoshu.broker.reversetunnel.TunnelRefusedException;
import dev.hoshu.broker.state.CertificateSerials;
import dev.hoshu.broker.state.Device;
import dev.hoshu.broker.state.DeviceInventory;
import dev.hoshu.broker.state.DeviceStore;
import dev.hoshu.broker.state.OnSiteSwitchState;
import dev.hoshu.tunnel.DeviceIdentity;
import dev.hoshu.tunnel.control.ClockOffset;
import dev.hoshu.tunnel.control.InventoryReport;
import dev.hoshu.tunnel.control.RenewalAnswer;
import dev.hoshu.tunnel.control.SwitchReport;
import dev.hoshu.tunnel.pki.PemFiles;
import java.net.SocketAddress;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device ledger as the tunnels meet it: admits a device's tunnel only while it is in service and presents
 * the certificate issued to it last or the one before; keeps what each device reports and its measured clock
 * offset; renews certificates over the tunnel. Refusals and renewals are audited.
 */
public final class DeviceLedger implements DeviceAuthority {

    private static final Logger log = LoggerFactory.getLogger(DeviceLedger.class);
    private static final java.util.regex.Pattern SERIAL = java.util.regex.Pattern.compile("[0-9a-f]{1,40}");

    private final DeviceStore devices;
    private final DeviceCas cas;
    private final AuditTrail audit;
    private final Duration certificateLifetime;
    private final ClockOffsetPolicy clockPolicy;
    private final InventoryWrites writes;
    private final Clock clock;
    private final UnverifiedPeerRefusals unverified;
    private final CutNotifier notifier;
    private final Function<String, List<String>> sessionsOn;

    public DeviceLedger(DeviceStore devices, DeviceCas cas, AuditTrail audit, Duration certificateLifetime,
                        ClockOffsetPolicy clockPolicy, Clock clock) {
        this(devices, cas, audit, certificateLifetime, clockPolicy, clock, CutNotifier.NONE, device -> List.of());
    }

    /**
     * @param notifier   told when a device reports its on-site switch changed
     * @param sessionsOn the live sessions on a device, which a switch-off ends on the device itself
     */
    public DeviceLedger(DeviceStore devices, DeviceCas cas, AuditTrail audit, Duration certificateLifetime,
                        ClockOffsetPolicy clockPolicy, Clock clock, CutNotifier notifier,
                        Function<String, List<String>> sessionsOn) {
        this.notifier = notifier;
        this.sessionsOn = sessionsOn;
        this.devices = devices;
        this.cas = cas;
        this.audit = audit;
        this.certificateLifetime = certificateLifetime;
        this.clockPolicy = clockPolicy;
        this.writes = InventoryWrites.defaults(clockPolicy);
        this.clock = clock;
        this.unverified = new UnverifiedPeerRefusals(audit, "device.tunnel", clock,
                UnverifiedPeerRefusals.DEFAULT_PER_MINUTE);
    }

    @Override
    public void admit(DeviceIdentity device, SocketAddress from) throws TunnelRefusedException {
        String serial = DeviceCa.serialOf(device.certificate());
        Optional<String> refusal = refusal(devices.find(device.deviceId()), device, serial, "tunnel");
        if (refusal.isPresent()) {
            AuditedAct act = deviceAct("device.tunnel", device).detail("remote", String.valueOf(from))
                    .detail("serial", serial);
            refuseQuietly(act, refusal.get());
            throw new TunnelRefusedException(refusal.get());
        }
    }

    @Override
    public void handshakeRefused(String claimedDevice, SocketAddress from, String reason) {
        // The certificate did not verify, so whom it names is a claim: kept as the target, not as the actor.
        AuditedAct act = new AuditedAct(audit, "device.tunnel", "device:unverified", null)
                .about(null, claimedDevice == null ? null : Names.printable(claimedDevice))
                .detail("remote", String.valueOf(from));
        unverified.refuse(act, reason);
    }

    @Override
    public void online(DeviceIdentity device, InventoryReport report, Optional<ClockOffset> offset) {
        DeviceInventory inventory = new DeviceInventory(field(report.agentVersion()), field(report.model()),
                field(report.os()), field(report.firmware()), offset.map(ClockOffset::offsetMillis).orElse(null),
                clock.instant(), null);
        devices.find(device.deviceId()).ifPresent(known -> {
            OnSiteSwitchState before = known.inventory() == null ? null : known.inventory().onSite();
            DeviceInventory kept = inventory.withOnSite(before);
            if (writes.worthWriting(known, kept)) {
                devices.upsert(device.deviceId(), current -> current.reported(
                        inventory.withOnSite(current.inventory() == null ? null : current.inventory().onSite())));
            }
            if (report.onSite() != null) {
                switched(device, report.onSite());
            }
        });
        log.info("device {} ({}) reported agent {}, model {}, OS {}, firmware {}; clock offset {}", device.deviceId(),
                device.hospital(), inventory.agentVersion(), inventory.model(), inventory.os(), inventory.firmware(),
                offset.map(o -> o.offsetMillis() + " ms (±" + (o.roundTripMillis() + 1) / 2 + " ms)").orElse("unknown"));
        offset.filter(o -> clockPolicy.flags(o.offsetMillis())).ifPresent(o -> log.warn(
                "device {} ({}) clock is off by {} ms, more than the {} ms allowed (hoshu.clock-offset-warning); "
                        + "recordings note the offset", device.deviceId(), device.hospital(), o.offsetMillis(),
                clockPolicy.warningMillis()));
    }

    /**
     * Records the on-site switch a device reported, on its tunnel, if it changed: audited as {@code device.switch}
     * by the device and told to the hospital's webhooks. Stored even when the audit log cannot be written: showing
     * a device as switched off is the safe direction.
     */
    @Override
    public void switched(DeviceIdentity device, SwitchReport report) {
        Optional<Device> known = devices.find(device.deviceId());
        if (known.isEmpty()) {
            return;
        }
        OnSiteSwitchState before = known.get().inventory() == null ? null : known.get().inventory().onSite();
        String note = report.off() ? switchNote(report.note()) : null;
        if (before != null && before.off() == report.off() && Objects.equals(before.note(), note)) {
            return;
        }
        Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        OnSiteSwitchState now = new OnSiteSwitchState(report.off(), note,
                before != null && before.off() == report.off() ? before.since() : at);
        boolean changed = before == null ? report.off() : before.off() != report.off();
        if (changed) {
            AuditedAct act = deviceAct("device.switch", device).detail("state", report.off() ? "off" : "on")
                    .detail("note", note);
            try {
                act.allow();
            } catch (AuditUnavailableException e) {
                log.error("device {} switched {} on site, not in the audit log: {}", device.deviceId(),
                        report.off() ? "off" : "on", e.getMessage());
            }
        }
        devices.upsert(device.deviceId(), current -> current.switched(now));
        if (!changed) {
            return;
        }
        if (report.off()) {
            log.warn("device {} ({}) reports remote maintenance switched off on site: {}", device.deviceId(),
                    device.hospital(), note);
        } else {
            log.info("device {} ({}) reports remote maintenance switched on again on site", device.deviceId(),
                    device.hospital());
        }
        notifier.publish(new CutNotice(report.off() ? "device.switched-off" : "device.switched-on",
                device.hospital(), "device:" + device.deviceId(), note, at,
                new CutNotice.Target("device", device.deviceId()), null,
                report.off() ? sessionsOn.apply(device.deviceId()) : List.of(), List.of(), null));
    }

    /** What device staff wrote is shown to the hospital: one printable line, capped. */
    private static String switchNote(String note) {
        if (note == null || note.isBlank()) {
            return "switched off on site";
        }
        String line = Names.printable(note.strip());
        return line.length() > SwitchReport.MAX_NOTE ? line.substring(0, SwitchReport.MAX_NOTE) : line;
    }

    @Override
    public void offline(DeviceIdentity device) {
        devices.find(device.deviceId()).ifPresent(known ->
                devices.upsert(device.deviceId(), current -> current.seen(clock.instant())));
    }

    @Override
    public RenewalAnswer renew(DeviceIdentity device, String csrPem, String heldSerial) {
        // A long-lived tunnel outlives several renewals; what counts is the certificate the device holds now.
        String presented = heldSerial == null || !SERIAL.matcher(heldSerial).matches()
                ? DeviceCa.serialOf(device.certificate()) : heldSerial;
        AuditedAct act = deviceAct("device.renew", device).detail("presented", presented);
        try {
            Optional<String> refusal = refusal(devices.find(device.deviceId()), device, presented, "renewal");
            if (refusal.isPresent()) {
                return refused(act, device, refusal.get());
            }
            PKCS10CertificationRequest csr;
            try {
                csr = PemFiles.readCsr(csrPem);
            } catch (IllegalArgumentException e) {
                return refused(act, device, "the certificate request is malformed");
            }
            // One CA for the whole answer, even if a rotation switches meanwhile.
            DeviceCa ca = cas.issuing();
            List<X509Certificate> trusted = cas.trusted();
            X509Certificate issued;
            try {
                issued = ca.issueDevice(csr, device.deviceId(), device.hospital(), certificateLifetime);
            } catch (IllegalArgumentException e) {
                return refused(act, device, "the certificate request does not verify: " + e.getMessage());
            }
            // The same key only: the key is also the SSH host key the broker pins for this device's tunnels.
            if (!issued.getPublicKey().equals(device.certificate().getPublicKey())) {
                return refused(act, device, "the certificate request is for another key than the device's");
            }
            String serial = DeviceCa.serialOf(issued);
            act.detail("serial", serial).detail("notAfter", issued.getNotAfter().toInstant().toString())
                    .detail("issuer", DeviceCas.pin(ca.certificate())).detail("trustedCas", String.valueOf(trusted.size())).allow();
            try {
                devices.upsert(device.deviceId(), current -> {
                    // Checked again under the store's lock: a decommissioning may have landed meanwhile.
                    refusal(Optional.of(current), device, presented, "renewal").ifPresent(why -> {
                        throw new IllegalStateException(why);
                    });
                    return current.withCertificate(
                            current.certificate().renewed(presented, serial, issued.getNotAfter().toInstant(),
                                    DeviceCas.pin(ca.certificate()), trusted.stream().map(DeviceCas::pin).toList()));
                });
            } catch (IllegalStateException e) {
                log.warn("renewal for device {} refused: {}", device.deviceId(), e.getMessage());
                return RenewalAnswer.refused(e.getMessage());
            }
            log.info("device {} ({}) certificate renewed: serial {} replaces {}, valid until {}", device.deviceId(),
                    device.hospital(), serial, presented, issued.getNotAfter().toInstant());
            // Every renewal hands the agent the CAs to trust for the broker: how a rotation reaches it.
            return new RenewalAnswer(PemFiles.toPem(List.of(issued, ca.certificate())), null, PemFiles.toPem(trusted));
        } catch (AuditUnavailableException e) {
            log.warn("renewal for device {} refused: audit log unavailable: {}", device.deviceId(), e.getMessage());
            return RenewalAnswer.refused("renewal refused: broker cannot audit it now; retry later");
        }
    }

    /** Why this device may not use this certificate for a tunnel or a renewal, if it may not. */
    private static Optional<String> refusal(Optional<Device> known, DeviceIdentity device, String serial,
                                            String what) {
        if (known.isEmpty()) {
            return Optional.of("device " + device.deviceId() + " is not in the device ledger");
        }
        Device record = known.get();
        if (!record.hospital().equals(device.hospital())) {
            return Optional.of("device " + device.deviceId() + " belongs to another hospital than its certificate names");
        }
        if (record.outOfService()) {
            var why = record.decommissioned();
            return Optional.of("device " + device.deviceId() + " was decommissioned"
                    + (why == null ? "" : " by " + why.by() + " at " + TokyoTime.format(why.at()) + ": " + why.reason())
                    + "; no " + what);
        }
        CertificateSerials serials = record.certificate();
        if (serials == null) {
            return Optional.of("no certificate of device " + device.deviceId() + " on record; enroll it again");
        }
        if (!serials.accepts(serial)) {
            return Optional.of("certificate " + serial + " of device " + device.deviceId()
                    + " is neither the last nor the previous one issued to it");
        }
        return Optional.empty();
    }

    private RenewalAnswer refused(AuditedAct act, DeviceIdentity device, String reason) {
        log.warn("renewal for device {} ({}) refused: {}", device.deviceId(), device.hospital(), reason);
        act.refuse(reason);
        return RenewalAnswer.refused(reason);
    }

    private AuditedAct deviceAct(String action, DeviceIdentity device) {
        return new AuditedAct(audit, action, "device:" + device.deviceId(), device.hospital())
                .about(device.hospital(), device.deviceId());
    }

    /** A refusal stands whether or not it could be audited; a missing event is logged instead. */
    private static void refuseQuietly(AuditedAct act, String reason) {
        try {
            act.refuse(reason);
        } catch (AuditUnavailableException e) {
            log.warn("refusal could not be audited ({}): {}", e.getMessage(), reason);
        }
    }

    /** A device's own words: one printable line, capped. */
    private static String field(String value) {
        return value == null || value.isBlank() ? null : Names.printable(value.strip());
    }
}
