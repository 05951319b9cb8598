package dev.hoshu.broker.locks;

import dev.hoshu.broker.state.Lock;
import dev.hoshu.broker.state.LockStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The locks standing now, as the gateway and the approval path ask: is this session or grant locked out? */
public final class ActiveLocks {

    private final LockStore store;
    private final Clock clock;

    public ActiveLocks(LockStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The oldest standing lock covering {@code subject}: the first cut is the one people know about. */
    public Optional<Lock> covering(LockedSubject subject) {
        Instant now = clock.instant();
        return store.all().stream()
                .filter(lock -> lock.activeAt(now))
                .filter(lock -> LockRules.covers(lock, subject))
                .min(Comparator.comparing(Lock::createdAt));
    }

    /** The refusal line for a locked subject, empty when nothing covers it. */
    public Optional<String> refusal(LockedSubject subject) {
        return covering(subject).map(lock -> "refused: " + LockRules.describe(lock));
    }

    /** Every lock of {@code hospital} standing now, oldest first. */
    public List<Lock> standingAt(String hospital) {
        Instant now = clock.instant();
        return store.all().stream()
                .filter(lock -> lock.hospital().equals(hospital) && lock.activeAt(now))
                .sorted(Comparator.comparing(Lock::createdAt))
                .toList();
    }
}
