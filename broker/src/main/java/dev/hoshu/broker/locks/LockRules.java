package dev.hoshu.broker.locks;

import dev.hoshu.broker.state.Lock;

/** Which subjects a lock covers, and the one line that tells someone they are locked out. */
public final class LockRules {

    private LockRules() {
    }

    /** A lock covers only subjects of its own hospital: an engineer locked at one hospital may work at another. */
    public static boolean covers(Lock lock, LockedSubject subject) {
        if (!lock.hospital().equals(subject.hospital())) {
            return false;
        }
        return switch (lock.kind()) {
            case SESSION -> lock.value().equals(subject.session());
            case DEVICE -> lock.value().equals(subject.device());
            case ENGINEER -> lock.value().equals(subject.engineer());
            case COMPANY -> lock.value().equals(subject.company());
            case HOSPITAL -> true;
        };
    }

    /** For example {@code device CT-01 is locked by tanaka: scanner needed (lock l-…)}. */
    public static String describe(Lock lock) {
        String what = switch (lock.kind()) {
            case HOSPITAL -> "remote maintenance of " + lock.hospital();
            case ENGINEER, COMPANY -> lock.kind().label() + " " + lock.value() + " at " + lock.hospital();
            case SESSION, DEVICE -> lock.kind().label() + " " + lock.value();
        };
        return what + " is locked by " + lock.by() + ": " + lock.reason() + " (lock " + lock.id() + ")";
    }
}
