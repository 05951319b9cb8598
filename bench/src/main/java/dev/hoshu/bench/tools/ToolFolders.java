package dev.hoshu.bench.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the bench tools as tool folders ({@code <name>/manifest.json} and {@code <name>/bin/<name>}),
 * unsigned: the quickstart signs them with the demo manufacturer key, the OpenSSH paths run the
 * scripts directly.
 */
public final class ToolFolders {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private static final long BLOCK_SEED = 0x486f736875L;

    private final Path root;

    public ToolFolders(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public void writeAll() {
        for (BenchTool tool : BenchTool.values()) {
            write(tool);
        }
    }

    /** The absolute path the OpenSSH paths execute. */
    public Path program(BenchTool tool) {
        return root.resolve(tool.toolName()).resolve(tool.entrypoint()).toAbsolutePath();
    }

    private void write(BenchTool tool) {
        Path folder = root.resolve(tool.toolName());
        try {
            Files.createDirectories(folder.resolve("bin"));
            Files.writeString(folder.resolve("manifest.json"), JSON.writeValueAsString(manifest(tool)) + "\n",
                    StandardCharsets.UTF_8);
            Path program = program(tool);
            Files.writeString(program, tool.script(), StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
            for (String dataFile : tool.dataFiles()) {
                Path data = folder.resolve(dataFile);
                Files.createDirectories(data.getParent());
                Files.write(data, randomBlock());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write tool folder " + folder, e);
        }
    }

    /** The same bytes every run (fixed seed), so runs stay comparable; random, so nothing compresses them. */
    static byte[] randomBlock() {
        byte[] block = new byte[BenchTool.STREAM_BLOCK_BYTES];
        new SplittableRandom(BLOCK_SEED).nextBytes(block);
        return block;
    }

    /** The manifest fields of deploy/demo/tools; "sha256Hex" stays empty because signing fills it. */
    static Map<String, Object> manifest(BenchTool tool) {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("name", tool.toolName());
        manifest.put("version", "1.0.0");
        manifest.put("manufacturer", "Demo Medical Systems");
        manifest.put("models", List.of("CT-DEMO-64"));
        manifest.put("entrypoint", tool.entrypoint());
        List<Map<String, String>> files = new ArrayList<>();
        files.add(Map.of("path", tool.entrypoint(), "sha256Hex", ""));
        tool.dataFiles().forEach(file -> files.add(Map.of("path", file, "sha256Hex", "")));
        manifest.put("files", files);
        manifest.put("argPattern", tool.argPattern());
        manifest.put("timeLimitSeconds", tool.timeLimitSeconds());
        manifest.put("needsTerminal", false);
        manifest.put("touchesPatientData", false);
        manifest.put("validationRecord", "BENCH-ONLY");
        manifest.put("cautions", List.of("Benchmark tool: " + tool.purpose()));
        return manifest;
    }
}
