package dev.hoshu.broker.gateway;

import dev.hoshu.access.Grant;
import dev.hoshu.access.TokyoTime;
import java.time.Duration;
import java.time.Instant;

/**
 * A grant's end as its sessions meet it (REQ-ACC-4): a warning {@code lead} before, on the engineer's stderr and in
 * the recording, then the cut. A session that starts inside the lead is warned at once.
 */
record GrantEnd(Grant grant, Duration lead) {

    /** How long from {@code now} until the warning is due; zero when it is due now. */
    Duration untilWarning(Instant now) {
        return nonNegative(Duration.between(now, grant.notAfter().minus(lead)));
    }

    /** How long from {@code now} until the cut; zero when the grant has ended. */
    Duration untilCut(Instant now) {
        return nonNegative(Duration.between(now, grant.notAfter()));
    }

    /** Whether a session started at {@code now} is to be warned at all: not when the warning is off or too late. */
    boolean warns(Instant now) {
        return !lead.isZero() && untilCut(now).toMillis() >= 1000;
    }

    /** The engineer's one line, e.g. {@code hoshu: grant g-1 ends at 2026-11-21 10:00 JST (in 5 minutes); …}. */
    String warning(Instant now) {
        return "hoshu: grant " + grant.id() + " ends at " + TokyoTime.format(grant.notAfter()) + " (in "
                + Spans.words(untilCut(now)) + "); the session will be cut then";
    }

    /** Why the session was cut, for the recording's kill event and the audit log. */
    String cutReason() {
        return "grant " + grant.id() + " ended at " + TokyoTime.format(grant.notAfter());
    }

    /** What follows {@code hoshu: session s-…} on the engineer's stderr at the cut. */
    String cutNotice() {
        return "ended: " + cutReason();
    }

    private static Duration nonNegative(Duration span) {
        return span.isNegative() ? Duration.ZERO : span;
    }
}
