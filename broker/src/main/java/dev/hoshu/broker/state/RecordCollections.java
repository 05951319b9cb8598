package dev.hoshu.broker.state;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * Where a broker's records live: one place for every store, so a node on Redis shares all of its state with the
 * fleet, not just some stores.
 */
@FunctionalInterface
public interface RecordCollections {

    /**
     * @param name  the collection's name, also its file name ({@code name.json}) or Redis hash
     * @param idOf  the record's id, unique within the collection
     */
    <T> RecordCollection<T> open(String name, Class<T> type, Function<T, String> idOf);

    /** JSON files in {@code stateDir}, for a broker that runs alone. */
    static RecordCollections inFolder(Path stateDir) {
        return new RecordCollections() {
            @Override
            public <T> RecordCollection<T> open(String name, Class<T> type, Function<T, String> idOf) {
                return new JsonCollection<>(stateDir.resolve(name + ".json"), type, idOf);
            }
        };
    }
}
