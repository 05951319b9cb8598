package dev.hoshu.broker.gateway;

import java.time.Duration;

/** A span of time as an engineer reads it in a notice: {@code 5 minutes}, {@code 20 seconds}. */
final class Spans {

    private Spans() {
    }

    static String words(Duration span) {
        long seconds = Math.max(0, Math.round(span.toMillis() / 1000.0));
        if (seconds < 60) {
            return seconds + (seconds == 1 ? " second" : " seconds");
        }
        long minutes = Math.round(seconds / 60.0);
        return minutes + (minutes == 1 ? " minute" : " minutes");
    }
}
