package dev.hoshu.broker.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

/**
 * One collection of records kept in memory and in one file, {@code name.json}: a snapshot of every record followed by
 * one journal line per change ({@link CollectionFile} describes the format). A change appends its line and fsyncs it,
 * so it costs the size of the changed record, not of the collection. Changes are serialised by this object's lock,
 * so a read-check-write through {@link #update} is atomic. Reads take no lock: they see the records as last written
 * to disk, so a tunnel's admission does not wait behind another device's write and its fsync. The Redis store is for
 * scale-out.
 */
final class JsonCollection<T> implements RecordCollection<T> {

    private static final Logger log = LoggerFactory.getLogger(JsonCollection.class);

    /** A record and where it stands in the collection's order, which a replacement keeps. */
    private record Slot<T>(long position, T record) {
    }

    private final CollectionFile<T> file;
    private final Function<T, String> idOf;
    // Both are changed only under this object's lock, and only once a change is on disk: readers never see more.
    private final Map<String, Slot<T>> byId = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<Long, T> inOrder = new ConcurrentSkipListMap<>();
    private long nextPosition;

    JsonCollection(Path file, Class<T> type, Function<T, String> idOf) {
        this.file = new CollectionFile<>(file, type, idOf);
        this.idOf = idOf;
        this.file.read().forEach((id, record) -> publishPut(id, record));
    }

    @Override
    public Optional<T> find(String id) {
        Slot<T> slot = id == null ? null : byId.get(id);
        return Optional.ofNullable(slot == null ? null : slot.record());
    }

    @Override
    public List<T> all() {
        return List.copyOf(inOrder.values());
    }

    @Override
    public synchronized void insert(T record) {
        String id = idOf.apply(record);
        if (byId.containsKey(id)) {
            throw new IllegalStateException("duplicate id " + id + " in " + file.path().getFileName());
        }
        persistPut(id, record);
    }

    @Override
    public synchronized void put(T record) {
        persistPut(idOf.apply(record), record);
    }

    /**
     * Replaces the record with {@code change(current)} atomically, unless it returns the same instance (no write).
     *
     * @return the record after the change, or empty if there is no such record
     */
    @Override
    public synchronized Optional<T> update(String id, UnaryOperator<T> change) {
        Slot<T> current = byId.get(id);
        if (current == null) {
            return Optional.empty();
        }
        T next = change.apply(current.record());
        if (next != current.record()) {
            persistPut(id, next);
        }
        return Optional.of(next);
    }

    @Override
    public synchronized T merge(String id, UnaryOperator<T> change) {
        Slot<T> slot = byId.get(id);
        T current = slot == null ? null : slot.record();
        T next = change.apply(current);
        if (next != current) {
            if (!idOf.apply(next).equals(id)) {
                throw new IllegalArgumentException("a change must keep the id " + id);
            }
            persistPut(id, next);
        }
        return next;
    }

    /** Drops every record {@code drop} accepts, in one journal line; on a failed write none is dropped. */
    synchronized void removeIf(Predicate<T> drop) {
        List<String> ids = inOrder.values().stream().filter(drop).map(idOf).toList();
        if (ids.isEmpty()) {
            return;
        }
        try {
            file.appendRemove(ids, () -> inOrder.values().stream().filter(drop.negate()).toList());
        } catch (IOException | JacksonException e) {
            throw cannotWrite(e);
        }
        ids.forEach(this::publishRemove);
        compactIfDue();
    }

    private void persistPut(String id, T record) {
        try {
            file.appendPut(record, () -> recordsAfterPut(id, record));
        } catch (IOException | JacksonException e) {
            // Nothing was published yet: memory never claims what the disk does not hold.
            throw cannotWrite(e);
        }
        publishPut(id, record);
        compactIfDue();
    }

    /** Only needed when the file is written whole, which the first change of a new collection does. */
    private List<T> recordsAfterPut(String id, T record) {
        List<T> after = new ArrayList<>(inOrder.size() + 1);
        boolean replaced = false;
        for (T existing : inOrder.values()) {
            boolean same = idOf.apply(existing).equals(id);
            after.add(same ? record : existing);
            replaced |= same;
        }
        if (!replaced) {
            after.add(record);
        }
        return after;
    }

    /**
     * The change is already durable in the journal; a compaction the disk refuses leaves a longer, still valid file,
     * and is tried again after the next change.
     */
    private void compactIfDue() {
        if (!file.wantsCompaction()) {
            return;
        }
        try {
            file.compact(inOrder.values());
        } catch (IOException | JacksonException e) {
            log.warn("state file {} could not be compacted, its journal keeps growing: {}", file.path(), e.getMessage());
        }
    }

    private void publishPut(String id, T record) {
        Slot<T> current = byId.get(id);
        long position = current != null ? current.position() : nextPosition++;
        inOrder.put(position, record);
        byId.put(id, new Slot<>(position, record));
    }

    private void publishRemove(String id) {
        Slot<T> removed = byId.remove(id);
        if (removed != null) {
            inOrder.remove(removed.position());
        }
    }

    private UncheckedIOException cannotWrite(Exception e) {
        return new UncheckedIOException("cannot write " + file.path() + ": " + e.getMessage(),
                e instanceof IOException io ? io : new IOException(e));
    }
}
