package dev.hoshu.cli.recordings;

import dev.hoshu.recording.RecordingVerifier;
import dev.hoshu.recording.VerificationReport;
import dev.hoshu.tools.TrustedKeys;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hoshu recordings verify}: names the first broken line, or confirms chain and seal. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check a recording's hash chain and seal.",
                "Exit 0: intact and sealed; 1: broken (or unreadable); 2: intact but not sealed, or the seal "
                        + "could not be checked because no --key matches the recording's sealKey."})
public final class VerifyRecordingCommand implements Callable<Integer> {

    public static final int INTACT_AND_SEALED = 0;
    public static final int BROKEN = 1;
    public static final int NOT_SEALED = 2;

    @Parameters(index = "0", paramLabel = "FILE", description = "the recording (.jsonl)")
    Path file;

    @Option(names = "--key", paramLabel = "PEM",
            description = "the broker's seal public key (GET /api/v1/recordings/keys), or a directory of them")
    Path key;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        try {
            TrustedKeys sealKeys = key == null ? TrustedKeys.of() : TrustedKeys.load(key);
            VerificationReport report = new RecordingVerifier().verify(file, sealKeys::find);
            spec.commandLine().getOut().println(report.message());
            if (!report.intact()) {
                return BROKEN;
            }
            return report.sealed() ? INTACT_AND_SEALED : NOT_SEALED;
        } catch (NoSuchFileException e) {
            spec.commandLine().getErr().println("failed: no such file " + e.getFile());
            return BROKEN;
        } catch (IOException e) {
            spec.commandLine().getErr().println("failed: cannot read " + file + " or its key: " + e.getMessage());
            return BROKEN;
        }
    }
}
