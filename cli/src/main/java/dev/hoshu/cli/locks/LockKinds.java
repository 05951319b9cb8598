package dev.hoshu.cli.locks;

import java.util.Set;

/** The things a lock can cut, as the API spells them. */
final class LockKinds {

    private static final Set<String> KINDS = Set.of("session", "device", "engineer", "company", "hospital");

    private LockKinds() {
    }

    static boolean isKind(String kind) {
        return kind != null && KINDS.contains(kind);
    }
}
