package dev.hoshu.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AuditSyslogTest {

    // RFC 5424 section 6, transcribed: HEADER SP STRUCTURED-DATA [SP MSG].
    private static final String PRINTUSASCII = "[\\x21-\\x7e]";
    private static final String SD_NAME = "[\\x21-\\x7e&&[^= \\]\"]]{1,32}";
    private static final String PARAM_VALUE = "(?:[^\"\\\\\\]]|\\\\[\"\\\\\\]])*";
    private static final String SD_ELEMENT = "\\[" + SD_NAME + "(?: " + SD_NAME + "=\"" + PARAM_VALUE + "\")*\\]";
    private static final Pattern RFC5424 = Pattern.compile(
            "<(?<pri>\\d{1,3})>(?<version>[1-9]\\d{0,2}) "
                    + "(?<timestamp>-|\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,6})?(?:Z|[+-]\\d{2}:\\d{2})) "
                    + "(?<hostname>-|" + PRINTUSASCII + "{1,255}) "
                    + "(?<app>-|" + PRINTUSASCII + "{1,48}) "
                    + "(?<procid>-|" + PRINTUSASCII + "{1,128}) "
                    + "(?<msgid>-|" + PRINTUSASCII + "{1,32}) "
                    + "(?<sd>-|(?:" + SD_ELEMENT + ")+)"
                    + "(?: (?<msg>.*))?", Pattern.DOTALL);

    private static AuditEntry entry(AuditEvent event) {
        return new AuditEntry(7, Instant.parse("2026-11-21T00:30:05.123456789Z"), "broker-1", event);
    }

    @Test
    void anAllowedActIsANoticeWithItsFieldsInStructuredData() {
        String line = AuditSyslog.line(entry(AuditEvent.allowed("request.approve", "tanaka", "hosp-a", "hosp-a", "r-1",
                Map.of("grant", "g-1"))));
        Matcher m = RFC5424.matcher(line);
        assertTrue(m.matches(), line);
        assertEquals(13 * 8 + 5, Integer.parseInt(m.group("pri")));
        assertEquals("2026-11-21T00:30:05.123Z", m.group("timestamp"));
        assertEquals("broker-1", m.group("hostname"));
        assertEquals("hoshu", m.group("app"));
        assertEquals("request.approve", m.group("msgid"));
        assertEquals("[hoshu@32473 action=\"request.approve\" actor=\"tanaka\" hospital=\"hosp-a\" i=\"7\" org=\"hosp-a\""
                + " outcome=\"allowed\" target=\"r-1\"][hoshuDetails@32473 grant=\"g-1\"]", m.group("sd"));
        assertEquals("\uFEFFtanaka request.approve r-1: allowed", m.group("msg"));
    }

    @Test
    void hostileValuesAreEscapedSoTheLineStillParsesAndStaysOneLine() {
        String line = AuditSyslog.line(entry(AuditEvent.refused("session.start\n<13>1 forged", "eve\"] [x y=\"z",
                "org", null, "r-1\\", "refused: ]\"\r\n injected", Map.of("bad key=\"", "v]"))));
        assertFalse(line.contains("\n") || line.contains("\r"), line);
        Matcher m = RFC5424.matcher(line);
        assertTrue(m.matches(), line);
        assertEquals(13 * 8 + 4, Integer.parseInt(m.group("pri")));
        assertEquals("session.start_<13>1_forged", m.group("msgid"));
        assertTrue(m.group("sd").contains("actor=\"eve\\\"\\] [x y=\\\"z\""), m.group("sd"));
        assertFalse(m.group("sd").contains("hospital="), "a null field is left out");
    }
}
