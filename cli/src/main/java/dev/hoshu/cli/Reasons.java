package dev.hoshu.cli;

import dev.hoshu.cli.http.BrokerCallFailed;

/** Every act that needs a reason (deny, kill, lock, unlock, decommission, request) refuses an empty one alike. */
public final class Reasons {

    private Reasons() {
    }

    /** The reason as given, or a one-line refusal before anything is sent when it is blank. */
    public static String require(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new BrokerCallFailed("refused: --reason must not be empty");
        }
        return reason;
    }
}
