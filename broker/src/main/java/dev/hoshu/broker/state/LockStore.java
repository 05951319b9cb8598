package dev.hoshu.broker.state;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Locks by id; the file store serves one node, a Redis store will share them between nodes. */
public interface LockStore {

    void insert(Lock lock);

    Optional<Lock> find(String lockId);

    /** Every lock ever made, unlocked and expired ones included. */
    List<Lock> all();

    /**
     * Replaces the lock atomically with {@code change(current)}; {@code change} may throw to refuse.
     *
     * @return the lock after the change, or empty if there is no such lock
     */
    Optional<Lock> update(String lockId, UnaryOperator<Lock> change);
}
