package dev.hoshu.broker.state;

import dev.hoshu.tools.CatalogEntry;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The tool catalog in the collection {@code tool-catalog}, so a revocation survives a broker restart and, on Redis,
 * holds on every node at once.
 */
public final class ToolCatalogRecords implements ToolCatalogStore {

    private final RecordCollection<CatalogEntry> entries;

    public ToolCatalogRecords(RecordCollections collections) {
        this.entries = collections.open("tool-catalog", CatalogEntry.class, CatalogEntry::id);
    }

    @Override
    public void insert(CatalogEntry entry) {
        entries.insert(entry);
    }

    @Override
    public Optional<CatalogEntry> find(String id) {
        return entries.find(id);
    }

    @Override
    public List<CatalogEntry> all() {
        return entries.all();
    }

    @Override
    public Optional<CatalogEntry> update(String id, UnaryOperator<CatalogEntry> change) {
        return entries.update(id, change);
    }
}
