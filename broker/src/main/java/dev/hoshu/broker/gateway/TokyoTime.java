package dev.hoshu.broker.gateway;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Times in refusals are shown in the hospital's zone, because that is the clock the reader looks at. */
final class TokyoTime {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'JST'").withZone(ZoneId.of("Asia/Tokyo"));

    private TokyoTime() {
    }

    static String format(Instant instant) {
        return FORMAT.format(instant);
    }
}
