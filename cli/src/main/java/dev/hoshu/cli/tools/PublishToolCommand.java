package dev.hoshu.cli.tools;

import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.TerminalText;
import dev.hoshu.tools.ToolVerifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code hoshu tools publish DIR}: uploads a signed tool's manifest and signature to the broker's catalog. */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = "Publish a signed tool version to the broker's catalog (manufacturers, operator).")
public final class PublishToolCommand implements Callable<Integer> {

    private static final long MAX_BYTES = 1024 * 1024;

    @Parameters(index = "0", paramLabel = "DIR", description = "the tool folder holding manifest.json and its .jws")
    Path dir;

    private final CliContext context;

    public PublishToolCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Path manifest = dir.resolve(ToolVerifier.MANIFEST);
        Path signature = dir.resolve(ToolVerifier.SIGNATURE);
        String manifestText;
        String signatureText;
        try {
            if (!Files.isRegularFile(manifest) || !Files.isRegularFile(signature)) {
                context.err().println("refused: " + TerminalText.oneLine(dir.toString()) + " holds no signed manifest ("
                        + ToolVerifier.MANIFEST + " and " + ToolVerifier.SIGNATURE + "); run hoshu tools sign first");
                return ToolsCommand.REFUSED;
            }
            if (Files.size(manifest) > MAX_BYTES || Files.size(signature) > MAX_BYTES) {
                context.err().println("refused: manifest or signature in " + TerminalText.oneLine(dir.toString())
                        + " is larger than 1 MiB");
                return ToolsCommand.REFUSED;
            }
            manifestText = Files.readString(manifest, StandardCharsets.UTF_8);
            signatureText = Files.readString(signature, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            context.err().println("refused: cannot read " + TerminalText.oneLine(dir.toString()) + ": "
                    + e.getClass().getSimpleName());
            return ToolsCommand.REFUSED;
        }
        JsonNode entry = context.broker().post("/tools", JsonMapper.shared().createObjectNode()
                .put("manifest", manifestText).put("signature", signatureText));
        context.out().println("published " + TerminalText.oneLine(entry.path("name").asString("?")) + " "
                + TerminalText.oneLine(entry.path("version").asString("?")) + " (signed by "
                + TerminalText.oneLine(entry.path("keyId").asString("?")) + ")");
        return 0;
    }
}
