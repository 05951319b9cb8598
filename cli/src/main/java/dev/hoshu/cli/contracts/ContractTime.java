package dev.hoshu.cli.contracts;

import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.TerminalText;
import dev.hoshu.cli.http.BrokerCallFailed;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * A contract's {@code --from}/{@code --until} as people write them on paper: a date means the start of that day in
 * hospital time (so {@code --until 2027-04-01} ends the contract as 31 March ends); a hospital-time minute or an ISO
 * instant is taken as it is.
 */
final class ContractTime {

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm zzz", Locale.ROOT);

    private ContractTime() {
    }

    static Instant parse(String option, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notInstant) {
            try {
                return LocalDateTime.parse(text).atZone(CliContext.HOSPITAL_ZONE).toInstant();
            } catch (DateTimeParseException notMinute) {
                try {
                    return LocalDate.parse(text).atStartOfDay(CliContext.HOSPITAL_ZONE).toInstant();
                } catch (DateTimeParseException e) {
                    throw new BrokerCallFailed("refused: " + option + " " + TerminalText.oneLine(text)
                            + " is not a date like 2027-04-01, a time like 2027-04-01T09:00 (Asia/Tokyo)"
                            + " or an instant like 2027-04-01T00:00:00Z");
                }
            }
        }
    }

    static void requireOrder(Instant from, Instant until) {
        if (!from.isBefore(until)) {
            throw new BrokerCallFailed("refused: --until must be after --from");
        }
    }

    static String shown(JsonNode value, ZoneId zone) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "-";
        }
        try {
            return SHOWN.withZone(zone).format(Instant.parse(value.asString("")));
        } catch (DateTimeParseException e) {
            return TerminalText.oneLine(value.asString("-"));
        }
    }
}
