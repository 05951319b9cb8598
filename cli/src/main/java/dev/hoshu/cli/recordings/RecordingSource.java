package dev.hoshu.cli.recordings;

import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.http.BrokerClient;
import dev.hoshu.cli.http.ResourceId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Where a recording comes from: a {@code .jsonl} file, or a session's recording fetched from the broker. */
final class RecordingSource {

    @Parameters(index = "0", paramLabel = "FILE", description = "the recording (.jsonl)")
    Path file;

    @Option(names = "--session", paramLabel = "SESSION_ID", description = "fetch this session's recording from the broker")
    String session;

    /** Why the recording is fetched; the broker audits each as its own act. */
    enum Purpose { VIEW, EXPORT }

    boolean fromBroker() {
        return session != null;
    }

    String describe() {
        return file != null ? file.toString() : "the recording of " + session;
    }

    /** The recording's bytes; a session id is checked before it goes into a URL. */
    byte[] read(CliContext context, Purpose purpose) throws IOException {
        if (file != null) {
            return Files.readAllBytes(file);
        }
        ResourceId.require("session", session);
        return context.broker().download("/recordings/" + BrokerClient.segment(session)
                + "?purpose=" + purpose.name().toLowerCase(java.util.Locale.ROOT));
    }
}
