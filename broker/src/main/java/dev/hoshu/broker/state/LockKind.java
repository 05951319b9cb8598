package dev.hoshu.broker.state;

import java.util.Locale;
import java.util.Optional;

/** What a lock stops: one session, a device, an engineer, a service company, or a whole hospital. */
public enum LockKind {
    SESSION,
    DEVICE,
    ENGINEER,
    COMPANY,
    HOSPITAL;

    /** The kind as the API and CLI spell it ({@code device}); empty for anything else. */
    public static Optional<LockKind> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (LockKind kind : values()) {
            if (kind.label().equals(name)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
