package dev.hoshu.tools;

import dev.hoshu.access.Actor;
import dev.hoshu.access.Names;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Who may publish and revoke tool versions, and what a revocation means for a run. Each method answers with the
 * one line a refused user sees, or empty when the act is allowed.
 */
public final class CatalogRules {

    public static final String MANUFACTURER = "manufacturer";
    public static final String OPERATOR = "operator";
    static final int MAX_REASON = 500;

    private CatalogRules() {
    }

    /** Publishing needs the manufacturer role (for the actor's own company) or the platform operator's. */
    public static Optional<String> publishRefusal(Actor actor, SignedManifest signed, Collection<CatalogEntry> catalog) {
        if (!(actor.hasRole(MANUFACTURER) || actor.hasRole(OPERATOR))) {
            return Optional.of("denied: publishing a tool needs the manufacturer or operator role");
        }
        ToolManifest manifest = signed.manifest();
        String id = CatalogEntry.idOf(manifest.name(), manifest.version());
        // A version is immutable once published: replacing it would let a revoked version return.
        if (catalog.stream().anyMatch(entry -> entry.id().equals(id))) {
            return Optional.of("refused: tool " + Names.quoted(manifest.name()) + " version "
                    + Names.printable(manifest.version()) + " is already published; publish a new version");
        }
        return Optional.empty();
    }

    /** The operator may revoke any version; a manufacturer only what its own company published. */
    public static Optional<String> revokeRefusal(Actor actor, Optional<CatalogEntry> found, String name, String version,
                                                 String reason) {
        if (!(actor.hasRole(MANUFACTURER) || actor.hasRole(OPERATOR))) {
            return Optional.of("denied: revoking a tool needs the manufacturer or operator role");
        }
        String unknown = "refused: no published tool " + Names.quoted(name) + " version " + Names.quoted(version);
        if (found.isEmpty()) {
            return Optional.of(unknown);
        }
        CatalogEntry entry = found.get();
        if (!actor.hasRole(OPERATOR) && !entry.organisation().equals(actor.organisation())) {
            // Another manufacturer's tool is not theirs to see, let alone revoke.
            return Optional.of(unknown);
        }
        if (reason == null || reason.isBlank()) {
            return Optional.of("refused: revoking a tool needs a reason (--reason)");
        }
        if (entry.revoked()) {
            return Optional.of("refused: tool " + Names.quoted(name) + " version " + Names.printable(version)
                    + " was already revoked by " + entry.revokedBy());
        }
        return Optional.empty();
    }

    /** The reason as stored: one printable line of at most 500 characters. */
    public static String reasonLine(String reason) {
        String line = Names.printable(reason.strip());
        return line.length() > MAX_REASON ? line.substring(0, MAX_REASON) : line;
    }

    /** The versions of {@code tool} no device may run. */
    public static List<String> revokedVersions(Collection<CatalogEntry> catalog, String tool) {
        return catalog.stream().filter(entry -> entry.name().equals(tool) && entry.revoked())
                .map(CatalogEntry::version).sorted().toList();
    }
}
