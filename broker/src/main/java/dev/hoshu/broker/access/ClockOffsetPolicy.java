package dev.hoshu.broker.access;

import java.time.Duration;

/** When a device's clock is off enough to flag (hoshu.clock-offset-warning, default 2 s). */
public record ClockOffsetPolicy(Duration warning) {

    public static final Duration DEFAULT_WARNING = Duration.ofSeconds(2);

    public ClockOffsetPolicy {
        warning = warning == null || warning.isNegative() ? DEFAULT_WARNING : warning;
    }

    public long warningMillis() {
        return warning.toMillis();
    }

    public boolean flags(Long offsetMillis) {
        return offsetMillis != null && Math.abs(offsetMillis) > warning.toMillis();
    }
}
