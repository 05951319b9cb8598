package dev.hoshu.api.console;

import java.util.Set;

/** The one-word notices a page shows after a redirect; anything else in the query is ignored, never echoed. */
final class Notices {

    private static final Set<String> KNOWN = Set.of("approved", "approval-recorded", "denied", "killed", "locked",
            "unlocked", "hospital-locked");

    private Notices() {
    }

    static String known(String notice) {
        return notice != null && KNOWN.contains(notice) ? notice : null;
    }
}
