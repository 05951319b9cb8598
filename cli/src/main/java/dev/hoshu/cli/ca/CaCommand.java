package dev.hoshu.cli.ca;

import picocli.CommandLine.Command;

/** {@code hoshu ca}: the broker's device CA; {@code status} and {@code rotate} do the work. */
@Command(name = "ca", mixinStandardHelpOptions = true,
        description = "The broker's device CA and its rotation (platform operators).",
        subcommands = {CaStatusCommand.class, CaRotateCommand.class})
public final class CaCommand {
}
