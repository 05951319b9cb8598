package dev.hoshu.tunnel;

import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The log of connections the tunnel port closes before TLS for want of room. In a reconnect storm these come by the
 * thousand each second; a line for each cost the broker CPU its handshakes needed, and told the operator nothing a
 * count does not. So the first of each second is logged in full and the rest of that second as one line with their
 * number and the last reason. Each refusal still goes to the listener (and so to the audit trail) one by one.
 */
final class RefusalsBeforeTls {

    private final Consumer<String> warn;
    private final LongSupplier nanoTime;
    private long second = Long.MIN_VALUE;
    private int more;
    private String lastReason;

    /** @param warn takes each log line (a warning) */
    RefusalsBeforeTls(Consumer<String> warn, LongSupplier nanoTime) {
        this.warn = warn;
        this.nanoTime = nanoTime;
    }

    void refused(SocketAddress from, String reason) {
        long now = secondNow();
        synchronized (this) {
            if (now == second) {
                more++;
                lastReason = reason;
                return;
            }
            summarise();
            second = now;
        }
        warn.accept("tunnel connection from " + from + " refused: " + reason);
    }

    /** Logs the count of a second that is over; called often (the lobby's ticker), so a storm's end shows too. */
    void flush() {
        long now = secondNow();
        synchronized (this) {
            if (now != second) {
                summarise();
            }
        }
    }

    private void summarise() {
        if (more > 0) {
            warn.accept(more + " more tunnel connections refused before TLS in that second, the last: " + lastReason);
            more = 0;
            lastReason = null;
        }
    }

    private long secondNow() {
        return TimeUnit.NANOSECONDS.toSeconds(nanoTime.getAsLong());
    }
}
