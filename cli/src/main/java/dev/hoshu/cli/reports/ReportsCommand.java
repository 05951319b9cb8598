package dev.hoshu.cli.reports;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code hoshu reports}: repair reports of closed work orders. */
@Command(name = "reports", mixinStandardHelpOptions = true, description = "Download and verify signed repair reports.",
        subcommands = {DownloadReportCommand.class, ReportKeyCommand.class, VerifyReportCommand.class})
public final class ReportsCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: download, key or verify");
    }
}
