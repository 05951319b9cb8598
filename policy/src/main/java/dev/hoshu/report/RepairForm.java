package dev.hoshu.report;

import java.util.Locale;
import java.util.Optional;

/** How a repair was carried out (JESRA TR-0036 §4.2-2), in the words both report languages use. */
public enum RepairForm {
    REMOTE_ONLY("リモートのみ", "remote only"),
    ON_SITE_VISIT("現地訪問", "on-site visit"),
    LOCAL_REPAIRER("現地修理業者へ引継ぎ", "handed to a local repairer"),
    OTHER("その他", "other");

    private final String japanese;
    private final String english;

    RepairForm(String japanese, String english) {
        this.japanese = japanese;
        this.english = english;
    }

    public String japanese() {
        return japanese;
    }

    public String english() {
        return english;
    }

    /** The form named {@code text} (case-insensitive, {@code -} for {@code _}), if there is one. */
    public static Optional<RepairForm> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String name = text.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        for (RepairForm form : values()) {
            if (form.name().equals(name)) {
                return Optional.of(form);
            }
        }
        return Optional.empty();
    }
}
