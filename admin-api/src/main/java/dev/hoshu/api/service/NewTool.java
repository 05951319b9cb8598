package dev.hoshu.api.service;

/**
 * A tool version to publish: its {@code manifest.json} and {@code manifest.json.jws} as uploaded.
 *
 * @param manifest  the manifest's text, byte for byte as signed
 * @param signature the detached compact JWS
 */
public record NewTool(String manifest, String signature) {
}
