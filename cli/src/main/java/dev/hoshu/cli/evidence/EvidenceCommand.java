package dev.hoshu.cli.evidence;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code hoshu evidence}: exports for the hospital's records and for reporting to authorities. */
@Command(name = "evidence", mixinStandardHelpOptions = true,
        description = "Export evidence of your hospital (auditors and hospital admins).",
        subcommands = {DeviceLedgerCommand.class, AccountReviewCommand.class, PrivilegesCommand.class,
                TimelineCommand.class})
public final class EvidenceCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: devices, accounts, privileges or timeline");
    }
}
