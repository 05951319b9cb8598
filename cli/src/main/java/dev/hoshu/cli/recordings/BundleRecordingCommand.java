package dev.hoshu.cli.recordings;

import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.login.OwnerOnlyFiles;
import dev.hoshu.recording.RecordedHeader;
import dev.hoshu.recording.RecordingReader;
import dev.hoshu.recording.RecordingVerifier;
import dev.hoshu.recording.VerificationReport;
import dev.hoshu.tools.Pem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hoshu recordings bundle}: an evidence bundle (zip) for handing a session to an authority. */
@Command(name = "bundle", mixinStandardHelpOptions = true,
        description = {"Write an evidence bundle: the recording, its verification report, the seal's public key, "
                + "an asciicast export and manifest.json with the SHA-256 of each file.",
                "Exit status as 'verify': 0 intact and sealed, 1 broken, 2 not sealed or seal unchecked; "
                        + "the bundle is written in every case, since a broken recording is evidence too."})
public final class BundleRecordingCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    RecordingSource source;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "ZIP", description = "the bundle to write (must not exist)")
    Path output;

    @Option(names = "--key", paramLabel = "PEM", description = "the seal public key, else the ones the broker publishes")
    Path key;

    private final CliContext context;

    public BundleRecordingCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        byte[] recording = source.read(context, RecordingSource.Purpose.EXPORT);
        RecordedHeader header;
        try (RecordingReader reader = RecordingReader.open(new ByteArrayInputStream(recording))) {
            header = reader.header();
        }
        SealKeys keys = SealKeys.of(context, key, source.fromBroker());
        VerificationReport report = new RecordingVerifier().verify(
                new String(recording, StandardCharsets.UTF_8).lines().toList(), keys::find);
        EvidenceBundle bundle = new EvidenceBundle()
                .add(header.session() + ".jsonl", recording)
                .add("verification.txt", (report.message() + "\nverified by hoshu at " + context.clock().instant()
                        + "\n").getBytes(StandardCharsets.UTF_8));
        keys.find(header.sealKey()).ifPresent(sealKey ->
                bundle.add("seal-key.pem", Pem.publicKeyPem(sealKey).getBytes(StandardCharsets.UTF_8)));
        bundle.add(header.session() + ".cast", CastExport.of(recording, false));
        try {
            OwnerOnlyFiles.writeNew(output, bundle.zip(header.session(), report.message(), context.clock().instant()));
        } catch (FileAlreadyExistsException e) {
            context.err().println("refused: " + output + " exists; name a new file");
            return VerifyRecordingCommand.BROKEN;
        }
        context.out().println("bundled " + header.session() + " to " + output + ": " + report.message());
        return VerifyRecordingCommand.exitStatusOf(report);
    }
}
