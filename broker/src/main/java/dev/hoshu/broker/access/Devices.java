package dev.hoshu.broker.access;

import dev.hoshu.access.Actor;
import dev.hoshu.access.Names;
import dev.hoshu.api.service.DeviceService;
import dev.hoshu.api.service.DeviceView;
import dev.hoshu.api.service.RefusedException;
import dev.hoshu.broker.audit.AuditTrail;
import dev.hoshu.broker.audit.AuditedAct;
import dev.hoshu.broker.killswitch.LiveSessions;
import dev.hoshu.broker.reversetunnel.DeviceTunnels;
import dev.hoshu.broker.reversetunnel.LiveTunnel;
import dev.hoshu.broker.state.Decommissioning;
import dev.hoshu.broker.state.Device;
import dev.hoshu.broker.state.DeviceInventory;
import dev.hoshu.broker.state.DeviceStore;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device ledger for hospital staff, and decommissioning: the device is marked out of service first (so a
 * redial is refused), then its sessions end with the reason and its tunnel closes.
 */
public final class Devices implements DeviceService {

    private static final Logger log = LoggerFactory.getLogger(Devices.class);

    private final DeviceStore devices;
    private final DeviceTunnels tunnels;
    private final LiveSessions sessions;
    private final ClockOffsetPolicy clockPolicy;
    private final AccessAudit audit;
    private final Clock clock;

    public Devices(DeviceStore devices, DeviceTunnels tunnels, LiveSessions sessions, ClockOffsetPolicy clockPolicy,
                   AuditTrail audit, Clock clock) {
        this.devices = devices;
        this.tunnels = tunnels;
        this.sessions = sessions;
        this.clockPolicy = clockPolicy;
        this.audit = new AccessAudit(audit);
        this.clock = clock;
    }

    @Override
    public List<DeviceView> devices(Actor actor) {
        Refusals.requireRole(actor, "listing devices", "hospital-admin", "approver", "auditor");
        return devices.all().stream()
                .filter(device -> device.hospital().equals(actor.organisation()))
                .sorted(Comparator.comparing(Device::id))
                .map(this::view)
                .toList();
    }

    @Override
    public DeviceView decommission(Actor actor, String deviceId, String reason) {
        return audit.run("device.decommission", actor, act -> {
            act.about(actor.organisation(), Names.printable(deviceId));
            Refusals.requireRole(actor, "decommissioning a device", "hospital-admin");
            return decommission(actor, deviceId, reason, act);
        });
    }

    private DeviceView decommission(Actor actor, String deviceId, String reason, AuditedAct act) {
        if (!Names.isDeviceId(deviceId)) {
            throw RefusedException.badRequest("refused: device id " + Names.quoted(deviceId) + " is not valid");
        }
        if (reason == null || reason.isBlank()) {
            throw RefusedException.badRequest("refused: decommissioning " + deviceId + " needs a reason");
        }
        String why = Refusals.reasonLine(reason);
        Device known = devices.find(deviceId)
                .orElseThrow(() -> RefusedException.notFound("unknown device " + deviceId));
        requireOwnHospital(actor, known);
        requireInService(known);
        act.detail("reason", why).allow();
        Device retired = devices.upsert(deviceId, current -> {
            requireOwnHospital(actor, current);
            requireInService(current);
            return current.decommission(new Decommissioning(clock.instant(), actor.subject(), why));
        });
        List<String> ended = sessions.endAllOn(deviceId, actor.subject(), "device " + deviceId + " decommissioned: " + why,
                "ended: device " + deviceId + " decommissioned by " + actor.subject() + ": " + why);
        boolean wasOnline = tunnels.disconnect(deviceId, "decommissioned by " + actor.subject());
        log.info("device {} of {} decommissioned by {}: {} ({} sessions ended, tunnel {})", deviceId,
                retired.hospital(), actor.subject(), why, ended.size(), wasOnline ? "closed" : "was down");
        return view(retired);
    }

    private static void requireOwnHospital(Actor actor, Device device) {
        if (!device.hospital().equals(actor.organisation())) {
            throw RefusedException.forbidden("denied: device " + device.id() + " belongs to another hospital");
        }
    }

    private static void requireInService(Device device) {
        if (device.outOfService()) {
            throw RefusedException.conflict("refused: device " + device.id() + " is already decommissioned");
        }
    }

    private DeviceView view(Device device) {
        Optional<LiveTunnel> live = tunnels.live(device.id());
        Optional<DeviceInventory> inventory = Optional.ofNullable(device.inventory());
        Long offset = live.map(LiveTunnel::clockOffsetMs)
                .or(() -> inventory.map(DeviceInventory::clockOffsetMs)).orElse(null);
        DeviceView.Decommissioned decommissioned = device.decommissioned() == null ? null
                : new DeviceView.Decommissioned(device.decommissioned().at(), device.decommissioned().by(),
                device.decommissioned().reason());
        return new DeviceView(device.id(), device.hospital(), device.status().name(), live.isPresent(),
                live.map(LiveTunnel::connectedSince).orElse(null),
                inventory.map(DeviceInventory::agentVersion).orElse(null),
                inventory.map(DeviceInventory::model).orElse(null),
                inventory.map(DeviceInventory::os).orElse(null),
                inventory.map(DeviceInventory::firmware).orElse(null),
                offset, clockPolicy.flags(offset),
                device.certificate() == null ? null : device.certificate().notAfter(),
                live.isPresent() ? clock.instant() : device.lastSeen(), decommissioned,
                inventory.map(DeviceInventory::onSite)
                        .map(state -> new DeviceView.OnSite(state.off(), state.since(), state.note())).orElse(null));
    }
}
