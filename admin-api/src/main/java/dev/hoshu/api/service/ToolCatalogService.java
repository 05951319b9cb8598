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

    /** The actor's hospital trusts this manufacturer key from now on; returns the hospital's list. */
    List<String> trust(Actor actor, String keyId);

    /** The actor's hospital no longer trusts it; an emptied list trusts no key (fail closed). */
    List<String> untrust(Actor actor, String keyId);

    /** The hospital's list, or empty when it never listed keys (each device's own trusted keys decide). */
    java.util.Optional<List<String>> trusted(Actor actor);
}
