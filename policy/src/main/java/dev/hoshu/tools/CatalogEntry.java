package dev.hoshu.tools;

import java.time.Instant;
import java.util.List;

/**
 * One published tool version in the broker's catalog. A version is published once and never replaced, so a
 * revoked version cannot come back under the same name.
 *
 * @param organisation the manufacturer (organisation) that published it; it may revoke it too
 * @param keyId        the manufacturer key that signed the manifest
 * @param cautions     the signed manifest's cautions, so approvers read them before they say yes
 */
public record CatalogEntry(String name, String version, String manufacturer, String keyId, String organisation,
                           String publishedBy, Instant publishedAt, Instant revokedAt, String revokedBy,
                           String revokedReason, List<String> cautions) {

    public CatalogEntry {
        cautions = cautions == null ? List.of() : List.copyOf(cautions);
    }

    public static CatalogEntry published(SignedManifest signed, String organisation, String by, Instant at) {
        ToolManifest manifest = signed.manifest();
        return new CatalogEntry(manifest.name(), manifest.version(), manifest.manufacturer(), signed.keyId(),
                organisation, by, at, null, null, null, manifest.cautions());
    }

    /** The catalog's key: {@code name@version}. */
    public String id() {
        return idOf(name, version);
    }

    public static String idOf(String name, String version) {
        return name + "@" + version;
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    public CatalogEntry revokedBy(String by, String reason, Instant at) {
        return new CatalogEntry(name, version, manufacturer, keyId, organisation, publishedBy, publishedAt, at, by,
                reason, cautions);
    }
}
