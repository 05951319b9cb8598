package dev.hoshu.tools;

import java.nio.file.Path;

/**
 * A tool whose signature and files checked out.
 *
 * @param directory  the tool's directory, symlinks resolved
 * @param entrypoint the program to execute, symlinks resolved, inside {@code directory}
 * @param signedBy   key id of the manufacturer key whose signature verified ({@code null} if not recorded)
 */
public record VerifiedTool(ToolManifest manifest, Path directory, Path entrypoint, String signedBy) {

    public VerifiedTool(ToolManifest manifest, Path directory, Path entrypoint) {
        this(manifest, directory, entrypoint, null);
    }
}
