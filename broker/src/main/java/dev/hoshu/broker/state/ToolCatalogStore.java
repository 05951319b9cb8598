package dev.hoshu.broker.state;

import dev.hoshu.tools.CatalogEntry;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Published tool versions by {@code name@version}. */
public interface ToolCatalogStore {

    void insert(CatalogEntry entry);

    Optional<CatalogEntry> find(String id);

    List<CatalogEntry> all();

    /** Replaces the entry atomically with {@code change(current)}; {@code change} may throw to refuse. */
    Optional<CatalogEntry> update(String id, UnaryOperator<CatalogEntry> change);
}
