package dev.hoshu.cli.recordings;

import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.http.BrokerClient;
import dev.hoshu.cli.http.ResourceId;
import dev.hoshu.recording.RecordingVerifier;
import dev.hoshu.recording.VerificationReport;
import dev.hoshu.tools.Pem;
import dev.hoshu.tools.TrustedKeys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code hoshu recordings verify}: names the first broken line, or confirms chain and seal. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check a recording's hash chain and seal: a file, or a session's recording fetched from the broker.",
                "The seal is checked against --key, else against the keys the logged-in broker publishes.",
                "Exit 0: intact and sealed; 1: broken (or unreadable); 2: intact but not sealed, or the seal "
                        + "could not be checked because no key matches the recording's sealKey."})
public final class VerifyRecordingCommand implements Callable<Integer> {

    public static final int INTACT_AND_SEALED = 0;
    public static final int BROKEN = 1;
    public static final int NOT_SEALED = 2;

    static final class Source {
        @Parameters(index = "0", paramLabel = "FILE", description = "the recording (.jsonl)")
        Path file;

        @Option(names = "--session", paramLabel = "SESSION_ID", description = "fetch this session's recording from the broker")
        String session;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--key", paramLabel = "PEM",
            description = "the broker's seal public key (GET /api/v1/recordings/keys), or a directory of them")
    Path key;

    @Spec
    private CommandSpec spec;

    private final CliContext context;

    public VerifyRecordingCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        String what = source.file != null ? source.file.toString() : "the recording of " + source.session;
        try {
            TrustedKeys sealKeys = sealKeys();
            RecordingVerifier verifier = new RecordingVerifier();
            VerificationReport report = source.file != null
                    ? verifier.verify(source.file, sealKeys::find)
                    : verifier.verify(fetched(), sealKeys::find);
            spec.commandLine().getOut().println(report.message());
            if (!report.intact()) {
                return BROKEN;
            }
            return report.sealed() ? INTACT_AND_SEALED : NOT_SEALED;
        } catch (NoSuchFileException e) {
            spec.commandLine().getErr().println("failed: no such file " + e.getFile());
            return BROKEN;
        } catch (IOException e) {
            spec.commandLine().getErr().println("failed: cannot read " + what + " or its key: " + e.getMessage());
            return BROKEN;
        }
    }

    private List<String> fetched() {
        ResourceId.require("session", source.session);
        byte[] recording = context.broker().download("/recordings/" + BrokerClient.segment(source.session));
        return new String(recording, StandardCharsets.UTF_8).lines().toList();
    }

    /** --key when given; else the logged-in broker's published seal keys; else none (seal unchecked). */
    private TrustedKeys sealKeys() throws IOException {
        if (key != null) {
            return TrustedKeys.load(key);
        }
        if (source.session == null && !Files.exists(context.logins().file())) {
            return TrustedKeys.of();
        }
        List<PublicKey> published = new ArrayList<>();
        for (JsonNode entry : context.broker().get("/recordings/keys").path("keys").values()) {
            published.add(Pem.parsePublicKey(entry.path("publicKey").asString(""), "seal key " + entry.path("id").asString("?")));
        }
        return TrustedKeys.of(published.toArray(PublicKey[]::new));
    }
}
