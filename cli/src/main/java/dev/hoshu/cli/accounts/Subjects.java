package dev.hoshu.cli.accounts;

import dev.hoshu.cli.TerminalText;
import dev.hoshu.cli.http.BrokerCallFailed;
import java.util.regex.Pattern;

/**
 * Account subjects as the user types them: identity providers use names, UUIDs or e-mail-like ids, so those
 * characters are allowed, and nothing that could change the URL path or start an option.
 */
final class Subjects {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@+-]{0,199}");

    private Subjects() {
    }

    static String require(String subject) {
        if (subject == null || !SAFE.matcher(subject).matches()) {
            throw new BrokerCallFailed("refused: '" + TerminalText.oneLine(String.valueOf(subject))
                    + "' is not a valid account subject");
        }
        return subject;
    }
}
