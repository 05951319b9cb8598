package dev.hoshu.cli.responsibilities;

import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.http.BrokerCallFailed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code hoshu responsibilities set FILE.json}: replaces the sheet (hospital-admins). The file holds
 * {@code serviceCompany}, {@code serverOperator}, {@code manufacturer}, {@code responsiblePerson} (each
 * {@code {"name","contact"}}) and {@code emergencyContacts} ({@code [{"name","role","contact"}]}).
 */
@Command(name = "set", mixinStandardHelpOptions = true, description = "Write who does what from a JSON file.")
public final class SetResponsibilitiesCommand implements Callable<Integer> {

    static final long MAX_BYTES = 64 * 1024;

    @Parameters(index = "0", paramLabel = "FILE")
    Path file;

    private final CliContext context;

    public SetResponsibilitiesCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        JsonNode sheet;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new BrokerCallFailed("refused: " + file + " is larger than 64 KiB; a sheet is a few lines");
            }
            sheet = JsonMapper.shared().readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new BrokerCallFailed("refused: " + file + " does not exist");
        } catch (JacksonException e) {
            throw new BrokerCallFailed("refused: " + file + " is not JSON");
        }
        JsonNode saved = context.broker().put("/responsibilities", sheet);
        context.out().println("who does what for " + saved.path("hospital").asString("?") + " saved ("
                + saved.path("emergencyContacts").size() + " emergency contact(s))");
        return 0;
    }
}
