package dev.hoshu.api.console;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Times on the console's pages, in the hospital's zone ({@code hoshu.console.time-zone}, Asia/Tokyo unless set), with
 * the zone's short name so nobody has to guess: {@code 2026-11-21 10:00:05 JST}.
 */
public final class ConsoleTime {

    private final ZoneId zone;
    private final DateTimeFormatter format;

    public ConsoleTime(ZoneId zone) {
        this.zone = zone;
        this.format = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss zzz", java.util.Locale.ENGLISH).withZone(zone);
    }

    public String at(Instant instant) {
        return instant == null ? "—" : format.format(instant);
    }

    /** What is left until {@code end}, as {@code 1h 05m} or {@code 4m 10s}; {@code —} when there is no end. */
    public String left(Instant end, Instant now) {
        if (end == null) {
            return "—";
        }
        Duration left = Duration.between(now, end);
        if (left.isNegative()) {
            return "0s";
        }
        return left.toHours() > 0 ? String.format("%dh %02dm", left.toHours(), left.toMinutesPart())
                : String.format("%dm %02ds", left.toMinutes(), left.toSecondsPart());
    }

    public ZoneId zone() {
        return zone;
    }

    /** A date and time the user typed in the hospital's zone ({@code 2026-11-21T10:00}), as an instant. */
    Instant parseLocal(String value) {
        return java.time.LocalDateTime.parse(value).atZone(zone).toInstant();
    }
}
