package dev.hoshu.cli.reports;

import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.http.BrokerClient;
import dev.hoshu.cli.http.ResourceId;
import dev.hoshu.cli.login.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hoshu reports download r-… --format pdf -o FILE}: the report as the broker signed it, and its detached
 * signature as {@code FILE.sig}. Both are new owner-only files: a report names people.
 */
@Command(name = "download", mixinStandardHelpOptions = true,
        description = "Download a work order's repair report (json or pdf) and its signature (FILE.sig).")
public final class DownloadReportCommand implements Callable<Integer> {

    enum Format { json, pdf }

    @Parameters(index = "0", paramLabel = "WORK_ORDER")
    String id;

    @Option(names = "--format", defaultValue = "json", description = "${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    Format format;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "the file to write (must not exist)")
    Path output;

    private final CliContext context;

    public DownloadReportCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        ResourceId.require("work order", id);
        Path signature = Path.of(output + ".sig");
        for (Path file : new Path[] {output, signature}) {
            if (Files.exists(file)) {
                context.err().println("refused: " + file + " exists; name a new file");
                return 1;
            }
        }
        String base = "/workorders/" + BrokerClient.segment(id) + "/report?format=";
        byte[] report = context.broker().download(base + format);
        byte[] detached = context.broker().download(base + format + ".sig");
        try {
            OwnerOnlyFiles.writeNew(output, report);
            OwnerOnlyFiles.writeNew(signature, detached);
        } catch (FileAlreadyExistsException e) {
            context.err().println("refused: " + e.getFile() + " exists; name a new file");
            return 1;
        }
        context.out().println("downloaded the " + format + " report of " + id + " to " + output + " and its signature to "
                + signature);
        return 0;
    }
}
