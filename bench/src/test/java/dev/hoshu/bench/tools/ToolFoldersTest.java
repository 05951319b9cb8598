package dev.hoshu.bench.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hoshu.bench.process.CommandOutput;
import dev.hoshu.bench.process.ExternalCommand;
import dev.hoshu.tools.ToolManifest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ToolFoldersTest {

    @TempDir
    Path dir;

    @Test
    void writesOneSignableFolderPerToolWithTheDemoManifestFields() throws Exception {
        ToolFolders folders = new ToolFolders(dir);
        folders.writeAll();
        for (BenchTool tool : BenchTool.values()) {
            JsonNode manifest = JsonMapper.shared().readTree(dir.resolve(tool.toolName()).resolve("manifest.json").toFile());
            assertEquals(tool.toolName(), manifest.path("name").asString());
            assertEquals(tool.entrypoint(), manifest.path("entrypoint").asString());
            assertEquals(tool.entrypoint(), manifest.path("files").get(0).path("path").asString());
            assertEquals(1 + tool.dataFiles().size(), manifest.path("files").size(), "every file is listed for signing");
            assertEquals("", manifest.path("files").get(0).path("sha256Hex").asString(), "signing fills the hash");
            ToolManifest parsed = ToolManifest.parse(Files.readAllBytes(dir.resolve(tool.toolName()).resolve("manifest.json")));
            assertEquals(tool.toolName(), parsed.name(), "Hoshu's own manifest parser accepts it");
            assertEquals(tool.argPattern(), parsed.argPattern());
            assertTrue(manifest.path("timeLimitSeconds").asInt() > 0);
            assertTrue(Files.isExecutable(folders.program(tool)));
            assertTrue(tool.toolName().matches("^[a-z][a-z0-9-]{0,63}$"), "a valid Hoshu tool name");
        }
    }

    @Test
    void theStreamToolAcceptsOnlyASizeAsItsArgument() {
        Pattern args = Pattern.compile(BenchTool.STREAM.argPattern());
        assertTrue(args.matcher("512").matches());
        assertFalse(args.matcher("64; rm -rf /").matches());
        assertFalse(args.matcher("$(id)").matches());
        assertFalse(args.matcher("99999").matches(), "oversize");
        assertFalse(args.matcher("").matches());
        assertFalse(Pattern.compile(BenchTool.NOOP.argPattern()).matcher("--anything").matches());
    }

    @Test
    void theScriptsDoWhatTheHarnessChecksForWithAnEmptyEnvironment() throws Exception {
        ToolFolders folders = new ToolFolders(dir);
        folders.writeAll();
        CommandOutput noop = run(folders.program(BenchTool.NOOP).toString());
        assertEquals(BenchTool.NOOP_OUTPUT, noop.stdout());
        byte[] block = Files.readAllBytes(dir.resolve("bench-stream").resolve(BenchTool.STREAM_BLOCK));
        assertEquals(BenchTool.STREAM_BLOCK_BYTES, block.length);
        byte[] streamed = runForBytes(folders.program(BenchTool.STREAM).toString(), "3");
        assertEquals(3 * block.length, streamed.length);
        assertArrayEquals(block, Arrays.copyOfRange(streamed, 2 * block.length, 3 * block.length));
        assertFalse(Arrays.equals(block, new byte[block.length]), "random bytes, not zeros");
        // Without input the hold tool says ready and ends at once: end of input is how sessions close.
        CommandOutput hold = run(folders.program(BenchTool.HOLD).toString());
        assertEquals(BenchTool.HOLD_READY + "\n", hold.stdout());
    }

    private static byte[] runForBytes(String... argv) throws Exception {
        List<String> command = new ArrayList<>(List.of("env", "-i"));
        command.addAll(List.of(argv));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertEquals(0, process.waitFor());
        return out;
    }

    private static CommandOutput run(String... argv) {
        List<String> command = new ArrayList<>(List.of("env", "-i"));
        command.addAll(List.of(argv));
        CommandOutput output = ExternalCommand.run(command, Duration.ofSeconds(30));
        assertEquals(0, output.exitStatus(), output.stderr());
        return output;
    }
}
