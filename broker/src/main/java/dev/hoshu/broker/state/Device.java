package dev.hoshu.broker.state;

import java.time.Instant;

/**
 * A device known to the broker, bound to one hospital from its first join token on.
 *
 * @param enrolledAt     when its agent last enrolled, or {@code null} while only a join token exists
 * @param certificate    the serials the broker accepts in the device's handshakes; {@code null} before enrollment
 * @param inventory      what its agent last reported; {@code null} before the first tunnel
 * @param decommissioned who took it out of service; {@code null} unless {@link DeviceStatus#DECOMMISSIONED}
 * @param lastSeen       when its tunnel last came up or went down
 */
public record Device(String id, String hospital, DeviceStatus status, Instant enrolledAt,
                     CertificateSerials certificate, DeviceInventory inventory, Decommissioning decommissioned,
                     Instant lastSeen) {

    public Device(String id, String hospital, DeviceStatus status, Instant enrolledAt) {
        this(id, hospital, status, enrolledAt, null, null, null, null);
    }

    /** Enrolled (again): a fresh certificate, and nothing left of an earlier decommissioning. */
    public Device enrolled(Instant at, CertificateSerials issued) {
        return new Device(id, hospital, DeviceStatus.ENROLLED, at, issued, inventory, null, lastSeen);
    }

    public Device withCertificate(CertificateSerials serials) {
        return new Device(id, hospital, status, enrolledAt, serials, inventory, decommissioned, lastSeen);
    }

    public Device reported(DeviceInventory report) {
        return new Device(id, hospital, status, enrolledAt, certificate, report, decommissioned, report.reportedAt());
    }

    /** The on-site switch changed; the rest of the inventory stays as last reported. */
    public Device switched(OnSiteSwitchState state) {
        DeviceInventory now = inventory == null ? new DeviceInventory(null, null, null, null, null, null, state)
                : inventory.withOnSite(state);
        return new Device(id, hospital, status, enrolledAt, certificate, now, decommissioned, lastSeen);
    }

    /** True while its agent's last word was that remote maintenance is switched off on site. */
    public boolean switchedOffOnSite() {
        return inventory != null && inventory.switchedOffOnSite();
    }

    public Device seen(Instant at) {
        return new Device(id, hospital, status, enrolledAt, certificate, inventory, decommissioned, at);
    }

    public Device decommission(Decommissioning why) {
        return new Device(id, hospital, DeviceStatus.DECOMMISSIONED, enrolledAt, certificate, inventory, why, lastSeen);
    }

    public boolean outOfService() {
        return status == DeviceStatus.DECOMMISSIONED;
    }
}
