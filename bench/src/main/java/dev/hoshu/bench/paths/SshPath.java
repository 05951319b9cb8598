package dev.hoshu.bench.paths;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.hoshu.bench.tools.BenchTool;
import dev.hoshu.bench.tools.ToolFolders;

/**
 * How the OpenSSH client reaches the device on one path: a Host alias in the harness's own
 * ssh_config. OpenSSH paths run the tool's script by absolute path; Hoshu takes the tool's name,
 * and its broker decides what that runs.
 */
public record SshPath(PathName name, Path clientConfig, String hostAlias, ToolFolders tools) {

    public List<String> argv(BenchTool tool, String... args) {
        List<String> argv = new ArrayList<>(List.of("ssh", "-F", clientConfig.toString(), hostAlias));
        argv.add(name == PathName.HOSHU ? tool.toolName() : tools.program(tool).toString());
        argv.addAll(List.of(args));
        return argv;
    }

    public String label() {
        return name.label();
    }
}
