package dev.hoshu.broker.access;

import dev.hoshu.access.Actor;
import dev.hoshu.access.Decision;
import dev.hoshu.access.Names;
import dev.hoshu.access.TokyoTime;
import dev.hoshu.api.service.RefusedException;
import dev.hoshu.broker.state.Device;
import dev.hoshu.broker.state.OnSiteSwitchState;
import java.util.Arrays;

/** Small guards that turn a failed check into the one-line refusal the user sees. */
final class Refusals {

    private Refusals() {
    }

    static void check(Decision decision, RefusedException.Status status) {
        if (decision.refused()) {
            throw new RefusedException(status, decision.reason());
        }
    }

    static void requireRole(Actor actor, String action, String... anyOf) {
        if (Arrays.stream(anyOf).noneMatch(actor::hasRole)) {
            throw RefusedException.forbidden("denied: " + action + " needs the " + String.join(" or ", anyOf)
                    + " role");
        }
    }

    /**
     * Device staff switched remote maintenance off at the device: a grant could not be used there, and only they
     * can switch it on again, so no request, approval or emergency access is taken for it meanwhile. Callers check
     * this only after the policy and contracts let the asker reach the device, so the switch state is never news to
     * another company; the staff's note stays out because it is the hospital's, not the engineer's, to read.
     */
    static void requireNotSwitchedOff(Device device) {
        if (device.switchedOffOnSite()) {
            OnSiteSwitchState state = device.inventory().onSite();
            throw RefusedException.conflict("refused: remote maintenance switched off on site at " + device.id()
                    + " (since " + TokyoTime.format(state.since()) + "); only staff at the device can switch it on");
        }
    }

    /** A free-text reason as one safe line: control characters out, length capped; blank becomes a placeholder. */
    static String reasonLine(String reason) {
        if (reason == null || reason.isBlank()) {
            return "no reason given";
        }
        String line = Names.printable(reason.strip());
        return line.length() > 500 ? line.substring(0, 500) : line;
    }
}
