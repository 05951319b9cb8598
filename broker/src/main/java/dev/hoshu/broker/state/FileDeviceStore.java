package dev.hoshu.broker.state;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Devices in {@code state/devices.json}. */
public final class FileDeviceStore implements DeviceStore {

    private final JsonCollection<Device> devices;

    public FileDeviceStore(Path stateDir) {
        this.devices = new JsonCollection<>(stateDir.resolve("devices.json"), Device.class, Device::id);
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
        synchronized (devices) {
            Device current = devices.find(deviceId).orElse(null);
            Device next = change.apply(current);
            if (next == null || !next.id().equals(deviceId)) {
                throw new IllegalArgumentException("a device change must keep the id " + deviceId);
            }
            if (next != current) {
                devices.put(next);
            }
            return next;
        }
    }
}
