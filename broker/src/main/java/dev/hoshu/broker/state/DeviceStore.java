package dev.hoshu.broker.state;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Devices by id. */
public interface DeviceStore {

    Optional<Device> find(String deviceId);

    List<Device> all();

    /**
     * Sets the device atomically: {@code change} gets the current record (or {@code null}) and returns the new one;
     * it may throw to refuse, leaving the store unchanged.
     */
    Device upsert(String deviceId, UnaryOperator<Device> change);
}
