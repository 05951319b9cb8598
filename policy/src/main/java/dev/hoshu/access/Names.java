package dev.hoshu.access;

import java.util.regex.Pattern;

/**
 * The shapes of identifiers that end up in file names, SSH principals and argv, so that none of them
 * can carry a path separator, a shell metacharacter or a control character.
 */
public final class Names {

    /** Tool names: they name a directory on the device and argv[0]. */
    public static final Pattern TOOL = Pattern.compile("^[a-z][a-z0-9-]{0,63}$");
    /** Device ids: they are SSH login names and certificate principals. */
    public static final Pattern DEVICE = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");

    /** Organisation ids: hospitals, companies and manufacturers, as tokens carry them and files are named. */
    public static final Pattern ORGANISATION = Pattern.compile("^[a-z0-9][a-z0-9._-]{0,62}$");
    /** Subjects named in a hospital's policy (approvers, engineers): a token's {@code sub}, printable, no spaces. */
    public static final Pattern SUBJECT = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9@._:+-]{0,127}$");

    private static final int QUOTED_MAX = 80;

    private Names() {
    }

    public static boolean isToolName(String name) {
        return name != null && TOOL.matcher(name).matches();
    }

    public static boolean isDeviceId(String id) {
        return id != null && DEVICE.matcher(id).matches();
    }

    public static boolean isOrganisationId(String id) {
        return id != null && ORGANISATION.matcher(id).matches();
    }

    public static boolean isSubject(String subject) {
        return subject != null && SUBJECT.matcher(subject).matches();
    }

    /** {@code value} in single quotes, made safe for a one-line message by {@link #printable}. */
    public static String quoted(String value) {
        return value == null ? "(none)" : "'" + printable(value) + "'";
    }

    /**
     * {@code value} with control characters escaped (a hostile value must not start a new log or
     * terminal line) and cut to a readable length.
     */
    public static String printable(String value) {
        if (value == null) {
            return "(none)";
        }
        StringBuilder out = new StringBuilder();
        value.codePoints().limit(QUOTED_MAX).forEach(cp -> {
            if (Character.isISOControl(cp) || cp == 0x2028 || cp == 0x2029) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        if (value.codePointCount(0, value.length()) > QUOTED_MAX) {
            out.append('…');
        }
        return out.toString();
    }
}
