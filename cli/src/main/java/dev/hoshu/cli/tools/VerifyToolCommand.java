package dev.hoshu.cli.tools;

import dev.hoshu.tools.ToolRefusedException;
import dev.hoshu.tools.ToolVerifier;
import dev.hoshu.tools.TrustedKeys;
import dev.hoshu.tools.VerifiedTool;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hoshu tools verify}: the device agent's check, runnable anywhere. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check a tool directory's signature and file hashes as the device agent does (exit 1 if refused).")
public final class VerifyToolCommand implements Callable<Integer> {

    @Option(names = "--trust", required = true, paramLabel = "DIR_OR_PEM",
            description = "a manufacturer public key PEM, or a directory of them (*.pem)")
    Path trust;

    @Parameters(index = "0", paramLabel = "DIR", description = "the tool directory")
    Path toolDir;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        try {
            VerifiedTool tool = new ToolVerifier().verify(toolDir, TrustedKeys.load(trust));
            spec.commandLine().getOut().println("ok: tool " + tool.manifest().name() + " " + tool.manifest().version()
                    + " signed by " + tool.signedBy());
            return 0;
        } catch (ToolRefusedException e) {
            spec.commandLine().getErr().println(e.getMessage());
        } catch (IOException e) {
            spec.commandLine().getErr().println("refused: cannot load trusted keys: " + e.getMessage());
        }
        return ToolsCommand.REFUSED;
    }
}
