package dev.hoshu.bench.paths;

import java.util.Locale;

/** The compared paths, in the order the interleaved rounds run them. */
public enum PathName {
    DIRECT("direct", "ssh straight to the device's sshd"),
    PROXYJUMP("proxyjump", "ssh -J through an OpenSSH bastion"),
    HOSHU("hoshu", "ssh to the Hoshu broker, tunnel to the agent");

    private final String label;
    private final String description;

    PathName(String label, String description) {
        this.label = label;
        this.description = description;
    }

    public String label() {
        return label;
    }

    public String description() {
        return description;
    }

    /** Accepts the label in any case; anything else is refused by name. */
    public static PathName parse(String text) {
        for (PathName name : values()) {
            if (name.label.equals(text.strip().toLowerCase(Locale.ROOT))) {
                return name;
            }
        }
        throw new IllegalArgumentException("unknown path '" + text + "' (use direct, proxyjump or hoshu)");
    }
}
