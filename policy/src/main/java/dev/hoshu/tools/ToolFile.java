package dev.hoshu.tools;

/**
 * One file of a tool as the manufacturer signed it.
 *
 * @param path      relative to the tool's directory, with {@code /} separators
 * @param sha256Hex lowercase hex SHA-256 of the file's bytes
 */
public record ToolFile(String path, String sha256Hex) {
}
