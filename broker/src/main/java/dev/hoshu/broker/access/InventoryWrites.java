package dev.hoshu.broker.access;

import dev.hoshu.broker.state.Device;
import dev.hoshu.broker.state.DeviceInventory;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Whether a report a device made as its tunnel came up is worth a ledger write. Every tunnel-up reports, and most
 * report what the ledger holds already; writing each one cost a write of the device ledger per handshake, the
 * bottleneck of a reconnect storm. While a tunnel is up its clock offset is shown from the tunnel itself, so the
 * ledger needs the offset only when it moved noticeably or crossed the warning, and the report's time only often
 * enough that a broker which crashed (no "offline" write) still shows roughly when a device was last seen.
 *
 * @param clockPolicy when an offset is flagged
 * @param drift       an offset that moved by more than this is written
 * @param refresh     a report is written anyway when the ledger's is older than this
 */
public record InventoryWrites(ClockOffsetPolicy clockPolicy, Duration drift, Duration refresh) {

    public static final Duration DEFAULT_DRIFT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_REFRESH = Duration.ofHours(1);

    public static InventoryWrites defaults(ClockOffsetPolicy clockPolicy) {
        return new InventoryWrites(clockPolicy, DEFAULT_DRIFT, DEFAULT_REFRESH);
    }

    /** True when {@code reported} says something the ledger's record of {@code device} does not. */
    public boolean worthWriting(Device device, DeviceInventory reported) {
        DeviceInventory stored = device.inventory();
        if (stored == null || stored.reportedAt() == null || device.lastSeen() == null) {
            return true;
        }
        boolean sameReport = Objects.equals(stored.agentVersion(), reported.agentVersion())
                && Objects.equals(stored.model(), reported.model())
                && Objects.equals(stored.os(), reported.os())
                && Objects.equals(stored.firmware(), reported.firmware())
                && Objects.equals(stored.onSite(), reported.onSite());
        return !sameReport || offsetMoved(stored.clockOffsetMs(), reported.clockOffsetMs())
                || !recent(device.lastSeen(), reported.reportedAt());
    }

    private boolean offsetMoved(Long stored, Long reported) {
        if (stored == null || reported == null) {
            return !Objects.equals(stored, reported);
        }
        return Math.abs(reported - stored) > drift.toMillis() || clockPolicy.flags(stored) != clockPolicy.flags(reported);
    }

    private boolean recent(Instant lastSeen, Instant now) {
        return Duration.between(lastSeen, now).compareTo(refresh) < 0;
    }
}
