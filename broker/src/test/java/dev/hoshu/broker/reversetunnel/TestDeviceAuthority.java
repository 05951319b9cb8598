package dev.hoshu.broker.reversetunnel;

import dev.hoshu.tunnel.DeviceIdentity;
import dev.hoshu.tunnel.control.ClockOffset;
import dev.hoshu.tunnel.control.InventoryReport;
import dev.hoshu.tunnel.control.RenewalAnswer;
import java.net.SocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Admits every device except those told to refuse, and remembers what the tunnels told it. */
public final class TestDeviceAuthority implements DeviceAuthority {

    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    public final List<String> told = new CopyOnWriteArrayList<>();

    public TestDeviceAuthority refusing(String deviceId) {
        refused.add(deviceId);
        return this;
    }

    @Override
    public void admit(DeviceIdentity device, SocketAddress from) throws TunnelRefusedException {
        if (refused.contains(device.deviceId())) {
            told.add("refused " + device.deviceId());
            throw new TunnelRefusedException("device " + device.deviceId() + " was decommissioned");
        }
    }

    @Override
    public void handshakeRefused(String claimedDevice, SocketAddress from, String reason) {
        told.add("handshake refused " + claimedDevice + ": " + reason);
    }

    @Override
    public void online(DeviceIdentity device, InventoryReport report, Optional<ClockOffset> offset) {
        told.add("online " + device.deviceId() + " " + report.model());
    }

    @Override
    public void offline(DeviceIdentity device) {
        told.add("offline " + device.deviceId());
    }

    @Override
    public RenewalAnswer renew(DeviceIdentity device, String csrPem, String heldSerial) {
        return RenewalAnswer.refused("renewal is not part of this test");
    }
}
