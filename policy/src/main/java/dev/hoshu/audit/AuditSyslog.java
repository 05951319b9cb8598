package dev.hoshu.audit;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;

/**
 * One audit event as an RFC 5424 syslog line, for a SIEM:
 * {@code <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [SD] MSG}. Facility 13 (log audit); severity
 * notice for an allowed act, warning for a refused one. The fields go in structured data so the SIEM
 * need not parse the message. {@code 32473} is the enterprise number RFC 5612 reserves for examples:
 * a deployment with its own number can swap it.
 */
public final class AuditSyslog {

    static final String SD_ID = "hoshu@32473";
    static final String SD_DETAILS_ID = "hoshuDetails@32473";
    private static final int FACILITY_LOG_AUDIT = 13;
    private static final int SEVERITY_NOTICE = 5;
    private static final int SEVERITY_WARNING = 4;
    private static final String BOM = "\uFEFF";
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private AuditSyslog() {
    }

    public static String line(AuditEntry entry) {
        AuditEvent e = entry.event();
        int severity = e.outcome() == AuditEvent.Outcome.REFUSED ? SEVERITY_WARNING : SEVERITY_NOTICE;
        StringBuilder out = new StringBuilder()
                .append('<').append(FACILITY_LOG_AUDIT * 8 + severity).append(">1 ")
                .append(TIMESTAMP.format(entry.at())).append(' ')
                .append(header(entry.node(), 255)).append(' ')
                .append("hoshu -").append(' ')
                .append(header(e.action(), 32)).append(' ');
        Map<String, String> fields = new TreeMap<>();
        fields.put("i", Long.toString(entry.index()));
        fields.put("action", e.action());
        fields.put("actor", e.actor());
        fields.put("org", e.organisation());
        fields.put("hospital", e.hospital());
        fields.put("target", e.target());
        fields.put("outcome", AuditEntry.outcomeName(e.outcome()));
        fields.put("reason", e.reason());
        element(out, SD_ID, fields);
        if (!e.details().isEmpty()) {
            element(out, SD_DETAILS_ID, new TreeMap<>(e.details()));
        }
        return out.append(' ').append(BOM).append(message(e)).toString();
    }

    private static String message(AuditEvent e) {
        return oneLine(e.actor() + " " + e.action() + " " + (e.target() == null ? "-" : e.target()) + ": "
                + AuditEntry.outcomeName(e.outcome()) + (e.reason() == null ? "" : " (" + e.reason() + ")"));
    }

    private static void element(StringBuilder out, String id, Map<String, String> params) {
        out.append('[').append(id);
        params.forEach((name, value) -> {
            if (value != null) {
                out.append(' ').append(paramName(name)).append("=\"").append(paramValue(value)).append('"');
            }
        });
        out.append(']');
    }

    /** HOSTNAME, APP-NAME and MSGID are printable US-ASCII without spaces, of bounded length; "-" when empty. */
    private static String header(String value, int max) {
        if (value == null || value.isEmpty()) {
            return "-";
        }
        StringBuilder clean = new StringBuilder();
        value.chars().limit(max).forEach(c -> clean.append(c >= 33 && c <= 126 ? (char) c : '_'));
        return clean.toString();
    }

    /** SD-NAME: printable US-ASCII except '=', ' ', ']' and '"', at most 32. */
    private static String paramName(String name) {
        StringBuilder clean = new StringBuilder();
        name.chars().limit(32).forEach(c -> clean.append(c >= 33 && c <= 126 && c != '=' && c != ']' && c != '"'
                ? (char) c : '_'));
        return clean.isEmpty() ? "_" : clean.toString();
    }

    /** PARAM-VALUE escapes '"', '\' and ']'; control characters are escaped too, so one event stays one line. */
    private static String paramValue(String value) {
        StringBuilder out = new StringBuilder();
        oneLine(value).chars().forEach(c -> {
            if (c == '"' || c == '\\' || c == ']') {
                out.append('\\');
            }
            out.append((char) c);
        });
        return out.toString();
    }

    private static String oneLine(String value) {
        StringBuilder out = new StringBuilder();
        value.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp) || cp == 0x2028 || cp == 0x2029) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }
}
