package dev.hoshu.hospitalpolicy;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * When remote maintenance may happen, in the hospital's zone: from {@code from} to {@code to} (minutes of the day,
 * {@code to} up to 1440 for midnight; a {@code to} before {@code from} runs past midnight) on the listed days (the
 * day the interval begins). A window must lie inside one interval.
 */
public record MaintenanceHours(int from, int to, Set<DayOfWeek> days) {

    public MaintenanceHours {
        days = days == null || days.isEmpty() ? EnumSet.allOf(DayOfWeek.class) : Set.copyOf(days);
    }

    public boolean contains(ZonedDateTime start, ZonedDateTime end) {
        LocalDate day = start.toLocalDate();
        return fits(day, start, end) || fits(day.minusDays(1), start, end);
    }

    private boolean fits(LocalDate day, ZonedDateTime start, ZonedDateTime end) {
        if (!days.contains(day.getDayOfWeek())) {
            return false;
        }
        ZoneId zone = start.getZone();
        ZonedDateTime opens = day.atStartOfDay(zone).plusMinutes(from);
        ZonedDateTime closes = day.atStartOfDay(zone).plusMinutes(to <= from ? to + 1440 : to);
        return !start.isBefore(opens) && !end.isAfter(closes);
    }

    /** {@code 08:00–20:00 (MON, TUE, …)} as the policy wrote it. */
    public String describe() {
        String hours = clock(from) + "–" + clock(to);
        if (days.size() == 7) {
            return hours + " every day";
        }
        return hours + " on " + days.stream().sorted()
                .map(d -> d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).toUpperCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
    }

    static String clock(int minutes) {
        return String.format("%02d:%02d", minutes / 60, minutes % 60);
    }
}
