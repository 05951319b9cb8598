package dev.hoshu.cli.access;

import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.TerminalText;
import dev.hoshu.cli.http.BrokerCallFailed;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;

/** A {@code --start} as people type it: hospital time {@code 2026-11-21T10:00}, or an ISO instant with its zone. */
final class StartTime {

    private StartTime() {
    }

    static Instant parse(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notInstant) {
            try {
                return LocalDateTime.parse(text).atZone(CliContext.HOSPITAL_ZONE).toInstant();
            } catch (DateTimeParseException e) {
                throw new BrokerCallFailed("refused: --start " + TerminalText.oneLine(text)
                        + " is not a time like 2026-11-21T10:00 (Asia/Tokyo) or 2026-11-21T01:00:00Z");
            }
        }
    }
}
