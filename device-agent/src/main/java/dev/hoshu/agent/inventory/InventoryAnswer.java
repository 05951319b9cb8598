package dev.hoshu.agent.inventory;

import dev.hoshu.tunnel.control.ControlHandler;
import dev.hoshu.tunnel.control.ControlRequests;
import dev.hoshu.tunnel.control.InventoryProbe;
import dev.hoshu.tunnel.control.InventoryReport;
import dev.hoshu.tunnel.control.SwitchReport;
import java.time.Clock;
import java.util.function.Supplier;
import org.apache.sshd.common.session.Session;

/**
 * Answers the broker's inventory request with the device's inventory and its clock read as late as possible,
 * so the broker's offset measurement brackets it tightly.
 */
public final class InventoryAnswer extends ControlHandler<InventoryProbe, InventoryReport> {

    private final String agentVersion;
    private final Inventory inventory;
    private final Clock clock;
    private final Supplier<SwitchReport> onSite;

    /** An agent that reports no on-site switch. */
    public InventoryAnswer(String agentVersion, Inventory inventory, Clock clock) {
        this(agentVersion, inventory, clock, () -> null);
    }

    /** @param onSite the on-site switch as it is when the broker asks */
    public InventoryAnswer(String agentVersion, Inventory inventory, Clock clock, Supplier<SwitchReport> onSite) {
        super(ControlRequests.INVENTORY, InventoryProbe.class);
        this.agentVersion = agentVersion;
        this.inventory = inventory.withDefaults();
        this.clock = clock;
        this.onSite = onSite;
    }

    @Override
    protected InventoryReport answer(Session session, InventoryProbe body) {
        return new InventoryReport(agentVersion, inventory.model(), inventory.os(), inventory.firmware(),
                clock.millis(), onSite.get(), null);
    }

    @Override
    protected InventoryReport refusal(String reason) {
        return new InventoryReport(null, null, null, null, 0, null, reason);
    }
}
