package dev.hoshu.broker.state.redis;

import dev.hoshu.broker.state.Device;
import dev.hoshu.broker.state.DeviceStore;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** The device ledger in the hash {@code hoshu:{devices}:records}, shared by every node a device may dial. */
public final class RedisDeviceStore implements DeviceStore {

    private final RedisRecords<Device> devices;

    public RedisDeviceStore(RedisConnections redis) {
        this.devices = new RedisRecords<>(redis, "devices", Device.class, Device::id);
    }

    @Override
    public Optional<Device> find(String deviceId) {
        return devices.find(deviceId);
    }

    @Override
    public List<Device> all() {
        return devices.all();
    }

    @Override
    public Device upsert(String deviceId, UnaryOperator<Device> change) {
        return devices.update(deviceId, current -> {
            Device next = change.apply(current);
            if (next == null || !next.id().equals(deviceId)) {
                throw new IllegalArgumentException("a device change must keep the id " + deviceId);
            }
            return next;
        }, true).orElseThrow();
    }
}
