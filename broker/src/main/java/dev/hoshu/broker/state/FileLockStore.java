package dev.hoshu.broker.state;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Locks in {@code state/locks.json}, so a cut survives a broker restart. */
public final class FileLockStore implements LockStore {

    private final JsonCollection<Lock> locks;

    public FileLockStore(Path stateDir) {
        this.locks = new JsonCollection<>(stateDir.resolve("locks.json"), Lock.class, Lock::id);
    }

    @Override
    public void insert(Lock lock) {
        locks.insert(lock);
    }

    @Override
    public Optional<Lock> find(String lockId) {
        return locks.find(lockId);
    }

    @Override
    public List<Lock> all() {
        return locks.all();
    }

    @Override
    public Optional<Lock> update(String lockId, UnaryOperator<Lock> change) {
        return locks.update(lockId, change);
    }
}
