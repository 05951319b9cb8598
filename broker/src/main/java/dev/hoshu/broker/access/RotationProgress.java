package dev.hoshu.broker.access;

import dev.hoshu.broker.pki.RotationPhase;
import dev.hoshu.broker.state.Device;
import dev.hoshu.broker.state.DeviceStatus;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * How far the active devices are with a device-CA rotation. Active: enrolled and holding a certificate that has not
 * expired (one that has cannot connect whatever the rotation does; it is enrolled again anyway). In the prepared
 * phase a device lags until a renewal answer told it to trust the next CA; in the switched phase until it holds a
 * certificate the new CA issued. Steady: nobody lags. A device whose record predates this tracking lags until its
 * next renewal, so the count errs on the side of waiting.
 *
 * @param active  active devices
 * @param lagging the lagging ones, by hospital and id
 */
public record RotationProgress(RotationPhase phase, int active, List<Device> lagging) {

    public static RotationProgress of(RotationPhase phase, String nextPin, String issuingPin, List<Device> devices,
                                      Instant now) {
        List<Device> active = devices.stream().filter(device -> isActive(device, now)).toList();
        List<Device> lagging = active.stream()
                .filter(device -> switch (phase) {
                    case STEADY -> false;
                    case PREPARED -> !device.certificate().toldToTrust(nextPin);
                    case SWITCHED -> !device.certificate().issuedBy(issuingPin);
                })
                .sorted(Comparator.comparing(Device::hospital).thenComparing(Device::id))
                .toList();
        return new RotationProgress(phase, active.size(), lagging);
    }

    private static boolean isActive(Device device, Instant now) {
        return device.status() == DeviceStatus.ENROLLED && device.certificate() != null
                && device.certificate().notAfter() != null && device.certificate().notAfter().isAfter(now);
    }

    /** What the lagging devices have not done yet, as the status and the refusals say it. */
    public String waitingFor() {
        return switch (phase) {
            case STEADY -> null;
            case PREPARED -> "have not yet received the next CA (at their renewal)";
            case SWITCHED -> "still hold a certificate of the previous CA (until their renewal)";
        };
    }

    /** "CT-01 (hosp-a)" for each lagging device, the first {@code limit} of them. */
    public List<String> names(int limit) {
        return lagging.stream().limit(limit).map(device -> device.id() + " (" + device.hospital() + ")").toList();
    }

    /** The lagging devices named in one line: the first few, then how many more. */
    public String namedInOneLine(int limit) {
        String named = String.join(", ", names(limit));
        return lagging.size() > limit ? named + " and " + (lagging.size() - limit) + " more" : named;
    }
}
