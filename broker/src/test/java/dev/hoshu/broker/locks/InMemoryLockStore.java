package dev.hoshu.broker.locks;

import dev.hoshu.broker.state.Lock;
import dev.hoshu.broker.state.LockStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Locks held in memory, for tests of what locks do rather than how they are stored. */
public final class InMemoryLockStore implements LockStore {

    private final Map<String, Lock> locks = new LinkedHashMap<>();

    @Override
    public synchronized void insert(Lock lock) {
        if (locks.putIfAbsent(lock.id(), lock) != null) {
            throw new IllegalStateException("duplicate lock " + lock.id());
        }
    }

    @Override
    public synchronized Optional<Lock> find(String lockId) {
        return Optional.ofNullable(lockId == null ? null : locks.get(lockId));
    }

    @Override
    public synchronized List<Lock> all() {
        return new ArrayList<>(locks.values());
    }

    @Override
    public synchronized Optional<Lock> update(String lockId, UnaryOperator<Lock> change) {
        Lock current = locks.get(lockId);
        if (current == null) {
            return Optional.empty();
        }
        Lock next = change.apply(current);
        locks.put(lockId, next);
        return Optional.of(next);
    }
}
