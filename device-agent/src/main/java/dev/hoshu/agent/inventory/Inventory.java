package dev.hoshu.agent.inventory;

import java.util.Locale;

/**
 * The device's model, OS and firmware as the installer gave them at enrollment; the OS defaults to the one the
 * agent runs on. Values are single printable lines of at most {@value #MAX_LENGTH} characters.
 */
public record Inventory(String model, String os, String firmware) {

    public static final int MAX_LENGTH = 128;
    static final String UNKNOWN = "unknown";

    public Inventory {
        model = clean("model", model);
        os = clean("os", os);
        firmware = clean("firmware", firmware);
    }

    /** What the agent reports: unset values become the running OS or {@code unknown}. */
    public Inventory withDefaults() {
        return new Inventory(model == null ? UNKNOWN : model,
                os == null ? System.getProperty("os.name") + " " + System.getProperty("os.version") : os,
                firmware == null ? UNKNOWN : firmware);
    }

    /** @throws IllegalArgumentException one line, if a value is not one short printable line */
    private static String clean(String what, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String stripped = value.strip();
        if (stripped.length() > MAX_LENGTH || stripped.codePoints().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(what.toLowerCase(Locale.ROOT) + " must be one printable line of at most "
                    + MAX_LENGTH + " characters");
        }
        return stripped;
    }
}
