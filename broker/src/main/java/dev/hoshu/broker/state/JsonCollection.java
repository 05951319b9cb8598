package dev.hoshu.broker.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * One collection of records kept in memory and in one JSON file ({@code [record, …]}), rewritten atomically on
 * every change. Changes are serialised by this object's lock, so a read-check-write through {@link #update} is
 * atomic. Reads take no lock: they see the records as last written to disk, so a tunnel's admission does not wait
 * behind another device's write and its fsync. Fine for a hospital's volume; the Redis store is for scale-out.
 */
final class JsonCollection<T> implements RecordCollection<T> {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path file;
    private final Function<T, String> idOf;
    private final JavaType listType;
    // Changed only under this object's lock; published to readers only once on disk.
    private final Map<String, T> records = new LinkedHashMap<>();
    private volatile Map<String, T> written = Map.of();

    JsonCollection(Path file, Class<T> type, Function<T, String> idOf) {
        this.file = file;
        this.idOf = idOf;
        this.listType = JSON.getTypeFactory().constructCollectionType(List.class, type);
        load();
        written = snapshot();
    }

    @Override
    public Optional<T> find(String id) {
        return Optional.ofNullable(id == null ? null : written.get(id));
    }

    @Override
    public List<T> all() {
        return List.copyOf(written.values());
    }

    @Override
    public synchronized void insert(T record) {
        String id = idOf.apply(record);
        if (records.containsKey(id)) {
            throw new IllegalStateException("duplicate id " + id + " in " + file.getFileName());
        }
        records.put(id, record);
        persistOrRollback(id, null);
    }

    @Override
    public synchronized void put(T record) {
        String id = idOf.apply(record);
        persistOrRollback(id, records.put(id, record));
    }

    /**
     * Replaces the record with {@code change(current)} atomically, unless it returns the same instance (no write).
     *
     * @return the record after the change, or empty if there is no such record
     */
    @Override
    public synchronized Optional<T> update(String id, UnaryOperator<T> change) {
        T current = records.get(id);
        if (current == null) {
            return Optional.empty();
        }
        T next = change.apply(current);
        if (next != current) {
            records.put(id, next);
            persistOrRollback(id, current);
        }
        return Optional.of(next);
    }

    @Override
    public synchronized T merge(String id, UnaryOperator<T> change) {
        T current = records.get(id);
        T next = change.apply(current);
        if (next != current) {
            if (!idOf.apply(next).equals(id)) {
                throw new IllegalArgumentException("a change must keep the id " + id);
            }
            records.put(id, next);
            persistOrRollback(id, current);
        }
        return next;
    }

    /** Drops every record {@code drop} accepts; on a failed write none is dropped. */
    synchronized void removeIf(java.util.function.Predicate<T> drop) {
        Map<String, T> before = new LinkedHashMap<>(records);
        if (!records.values().removeIf(drop)) {
            return;
        }
        try {
            AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(new ArrayList<>(records.values())));
            written = snapshot();
        } catch (IOException | JacksonException e) {
            records.clear();
            records.putAll(before);
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(),
                    e instanceof IOException io ? io : new IOException(e));
        }
    }

    private void persistOrRollback(String id, T previous) {
        try {
            AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(new ArrayList<>(records.values())));
            written = snapshot();
        } catch (IOException | JacksonException e) {
            // Memory must never claim what the disk does not hold.
            if (previous == null) {
                records.remove(id);
            } else {
                records.put(id, previous);
            }
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(),
                    e instanceof IOException io ? io : new IOException(e));
        }
    }

    /** An unmodifiable copy in the records' order, for readers. */
    private Map<String, T> snapshot() {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(records));
    }

    private void load() {
        if (!Files.exists(file)) {
            return;
        }
        try {
            List<T> loaded = JSON.readValue(Files.readAllBytes(file), listType);
            loaded.forEach(record -> records.put(idOf.apply(record), record));
        } catch (IOException | JacksonException e) {
            // Fail closed: a broker that silently forgot grants or used tokens would be worse than one that stops.
            throw new IllegalStateException("state file " + file + " is unreadable: " + e.getMessage(), e);
        }
    }
}
