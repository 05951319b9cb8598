package dev.hoshu.cli.reports;

import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.login.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code hoshu reports key [-o FILE]}: the broker's report-signing public key, to keep for offline checks. */
@Command(name = "key", mixinStandardHelpOptions = true, description = "Show or save the key that signs repair reports.")
public final class ReportKeyCommand implements Callable<Integer> {

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "save the PEM here (must not exist)")
    Path output;

    private final CliContext context;

    public ReportKeyCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        JsonNode key = context.broker().get("/reports/key");
        String pem = key.path("publicKeyPem").asString("");
        if (output == null) {
            context.out().println(key.path("id").asString("?"));
            context.out().print(pem);
            return 0;
        }
        try {
            OwnerOnlyFiles.writeNew(output, pem.getBytes(StandardCharsets.US_ASCII));
        } catch (FileAlreadyExistsException e) {
            context.err().println("refused: " + output + " exists; name a new file");
            return 1;
        }
        context.out().println("saved report key " + key.path("id").asString("?") + " to " + output);
        return 0;
    }
}
