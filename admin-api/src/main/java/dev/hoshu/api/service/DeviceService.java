package dev.hoshu.api.service;

import dev.hoshu.access.Actor;
import java.util.List;

/** The device ledger and decommissioning. Refusals are {@link RefusedException}s. */
public interface DeviceService {

    /** The devices of the actor's hospital, for its admins, approvers and auditors. */
    List<DeviceView> devices(Actor actor);

    /**
     * Takes a device out of service for good: its tunnel closes at once, its sessions end with the reason, its
     * renewals and reconnections are refused. Only a hospital admin of the device's hospital.
     */
    DeviceView decommission(Actor actor, String deviceId, String reason);
}
