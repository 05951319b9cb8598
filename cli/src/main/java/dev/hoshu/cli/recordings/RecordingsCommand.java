package dev.hoshu.cli.recordings;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code hoshu recordings}: what auditors do with session recordings. */
@Command(name = "recordings", mixinStandardHelpOptions = true,
        description = "Work with session recordings (auditors).",
        subcommands = {VerifyRecordingCommand.class, SearchRecordingsCommand.class, PlayRecordingCommand.class,
                ExportRecordingCommand.class, BundleRecordingCommand.class, SealKeysCommand.class})
public final class RecordingsCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: verify, search, play, export, bundle or keys");
    }
}
