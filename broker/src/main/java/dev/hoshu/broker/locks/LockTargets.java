package dev.hoshu.broker.locks;

import dev.hoshu.access.Actor;
import dev.hoshu.access.Names;
import dev.hoshu.api.service.RefusedException;
import dev.hoshu.broker.killswitch.LiveSession;
import dev.hoshu.broker.killswitch.LiveSessions;
import dev.hoshu.broker.state.Device;
import dev.hoshu.broker.state.DeviceStore;
import dev.hoshu.broker.state.LockKind;

/**
 * The hospital boundary of a lock's target: staff lock only their own hospital's sessions and devices, and an
 * engineer or company only at their own hospital. Values are plain names, so none can smuggle a path or a line.
 */
final class LockTargets {

    private final DeviceStore devices;
    private final LiveSessions live;

    LockTargets(DeviceStore devices, LiveSessions live) {
        this.devices = devices;
        this.live = live;
    }

    /** The value to lock, checked against the actor's hospital; refuses with one line otherwise. */
    String checked(Actor actor, LockKind kind, String value) {
        String hospital = actor.organisation();
        if (kind == LockKind.HOSPITAL) {
            if (value != null && !value.isBlank() && !value.equals(hospital)) {
                throw RefusedException.forbidden("denied: you can lock only your own hospital " + hospital + ", not "
                        + Names.printable(value));
            }
            return hospital;
        }
        if (!Names.isDeviceId(value)) {
            throw RefusedException.badRequest("refused: " + Names.quoted(value) + " is not a valid " + kind.label()
                    + " id");
        }
        switch (kind) {
            case SESSION -> {
                LiveSession session = live.find(value)
                        .orElseThrow(() -> RefusedException.notFound("unknown session " + value));
                if (!session.hospital().equals(hospital)) {
                    throw RefusedException.forbidden("denied: session " + value + " is not a session of " + hospital);
                }
            }
            case DEVICE -> {
                Device device = devices.find(value)
                        .orElseThrow(() -> RefusedException.notFound("unknown device " + value));
                if (!device.hospital().equals(hospital)) {
                    // Which hospital it belongs to is none of this actor's business.
                    throw RefusedException.forbidden("denied: device " + value + " is not a device of " + hospital);
                }
            }
            default -> {
                // An engineer or company lock blocks them at this hospital only, so any well-formed id will do.
            }
        }
        return value;
    }
}
