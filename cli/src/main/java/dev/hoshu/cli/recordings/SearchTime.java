package dev.hoshu.cli.recordings;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A time as an auditor types it for {@code --since}/{@code --until}: an instant ({@code 2026-11-21T09:00:00Z}),
 * a day in the hospital's zone ({@code 2026-11-21}: its midnight), or an age ({@code 30m}, {@code 24h}, {@code 7d}).
 */
public final class SearchTime {

    private static final Pattern AGE = Pattern.compile("(\\d{1,6})([mhd])");

    private SearchTime() {
    }

    /** @throws IllegalArgumentException with the one line to show */
    public static Instant parse(String text, Instant now, ZoneId zone) {
        String value = text.strip();
        Matcher age = AGE.matcher(value);
        if (age.matches()) {
            long amount = Long.parseLong(age.group(1));
            Duration back = switch (age.group(2)) {
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
            return now.minus(back);
        }
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(zone).toInstant() : Instant.parse(value);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + value + "' is not a time: use 2026-11-21T09:00:00Z, 2026-11-21 or 24h");
        }
    }
}
