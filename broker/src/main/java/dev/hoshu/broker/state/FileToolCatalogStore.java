package dev.hoshu.broker.state;

import dev.hoshu.tools.CatalogEntry;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** The tool catalog in {@code state/tool-catalog.json}, so a revocation survives a broker restart. */
public final class FileToolCatalogStore implements ToolCatalogStore {

    private final JsonCollection<CatalogEntry> entries;

    public FileToolCatalogStore(Path stateDir) {
        this.entries = new JsonCollection<>(stateDir.resolve("tool-catalog.json"), CatalogEntry.class, CatalogEntry::id);
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
