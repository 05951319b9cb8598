package dev.hoshu.cli.tools;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code hoshu tools}: manufacturer-side signing and checking of maintenance tools. */
@Command(name = "tools", mixinStandardHelpOptions = true,
        description = "Sign, check, publish and revoke maintenance tools.",
        subcommands = {KeygenCommand.class, SignToolCommand.class, SignPackageCommand.class, VerifyToolCommand.class,
                PublishToolCommand.class, CatalogCommand.class, RevokeToolCommand.class, TrustKeyCommand.class, UntrustKeyCommand.class})
public final class ToolsCommand implements Runnable {

    /** Exit status when a tool is refused or cannot be signed. */
    public static final int REFUSED = 1;

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: keygen, sign, verify, publish, catalog, revoke, trust or untrust");
    }
}
