package dev.hoshu.broker.state;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Records of one kind by id, in whatever the broker keeps its state in: a JSON file on one node, a Redis hash shared
 * by a fleet. Every change is atomic with respect to other changes of the same record, from any node.
 */
public interface RecordCollection<T> {

    Optional<T> find(String id);

    List<T> all();

    /** Adds a record whose id must be new; an existing id is refused with {@link IllegalStateException}. */
    void insert(T record);

    /** Adds or replaces a record. */
    void put(T record);

    /**
     * Replaces the record with {@code change(current)}; returning the same instance writes nothing, throwing refuses
     * and writes nothing. A shared store may call {@code change} more than once, so it must not act on the world.
     *
     * @return the record after the change, or empty if there is no such record
     */
    Optional<T> update(String id, UnaryOperator<T> change);

    /** As {@link #update}, but {@code change} receives {@code null} when there is no record yet and creates it. */
    T merge(String id, UnaryOperator<T> change);
}
