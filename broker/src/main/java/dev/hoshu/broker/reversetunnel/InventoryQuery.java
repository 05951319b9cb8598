package dev.hoshu.broker.reversetunnel;

import dev.hoshu.tunnel.control.ClockOffset;
import dev.hoshu.tunnel.control.ControlRequests;
import dev.hoshu.tunnel.control.InventoryProbe;
import dev.hoshu.tunnel.control.InventoryReport;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.sshd.client.session.ClientSession;

/**
 * Asks a device for its inventory a few times and keeps the clock sample with the shortest round trip: the
 * broker's own clock brackets each answer, so the device clock is measured, not believed.
 */
final class InventoryQuery {

    private static final int SAMPLES = 3;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** The last report and the best offset, if any sample could be taken. */
    record Reading(InventoryReport report, Optional<ClockOffset> offset) {
    }

    private final Clock clock;

    InventoryQuery(Clock clock) {
        this.clock = clock;
    }

    /** @throws IOException one line, if the device does not answer or refuses */
    Reading ask(ClientSession session) throws IOException {
        List<ClockOffset> samples = new ArrayList<>();
        InventoryReport report = null;
        for (int i = 0; i < SAMPLES; i++) {
            long t0 = clock.millis();
            report = ControlRequests.ask(session, ControlRequests.INVENTORY, new InventoryProbe(t0),
                    InventoryReport.class, TIMEOUT);
            long t2 = clock.millis();
            if (report.error() != null) {
                throw new IOException("device refused the inventory request: " + report.error());
            }
            samples.add(ClockOffset.measure(t0, report.deviceTimeMillis(), t2));
        }
        return new Reading(report, ClockOffset.best(samples));
    }
}
