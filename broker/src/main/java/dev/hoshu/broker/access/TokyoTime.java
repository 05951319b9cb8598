package dev.hoshu.broker.access;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Times in refusals are shown as the hospitals read them: {@code 2026-11-21 10:00 JST}. */
final class TokyoTime {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'JST'").withZone(ZoneId.of("Asia/Tokyo"));

    private TokyoTime() {
    }

    static String format(Instant instant) {
        return FORMAT.format(instant);
    }
}
