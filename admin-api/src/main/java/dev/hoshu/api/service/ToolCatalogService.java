package dev.hoshu.api.service;

import dev.hoshu.access.Actor;
import dev.hoshu.tools.CatalogEntry;
import java.util.List;

/** The broker's catalog of signed tool versions: publish, list, revoke (docs/tools.md, ADR 0020). */
public interface ToolCatalogService {

    /** Verifies the signature against the manufacturer keys the broker knows and stores the version. */
    CatalogEntry publish(Actor actor, NewTool tool);

    List<CatalogEntry> catalog(Actor actor);

    /** From now on no device runs this version: the next session of it is refused. */
    CatalogEntry revoke(Actor actor, String name, String version, String reason);
}
