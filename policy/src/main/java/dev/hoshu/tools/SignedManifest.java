package dev.hoshu.tools;

/** A manifest whose signature verified, and the id of the manufacturer key that made it. */
public record SignedManifest(ToolManifest manifest, String keyId) {
}
