package dev.hoshu.access;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Times in refusals are shown in the hospital's zone, because that is the clock the reader looks at:
 * {@code 2026-11-21 10:00 JST}. The one format for every refusal the broker and its rules write.
 */
public final class TokyoTime {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'JST'").withZone(ZoneId.of("Asia/Tokyo"));

    private TokyoTime() {
    }

    public static String format(Instant instant) {
        return FORMAT.format(instant);
    }
}
