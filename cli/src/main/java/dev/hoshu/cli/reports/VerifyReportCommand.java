package dev.hoshu.cli.reports;

import dev.hoshu.cli.CliContext;
import dev.hoshu.report.ReportVerifier;
import dev.hoshu.tools.Pem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hoshu reports verify FILE SIG --key KEY.pem}: checks, with no broker, that a report file is byte for byte
 * the one the broker signed. Exit 0 and {@code ok: signed by …}, or exit 1 and what failed.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Verify a repair report against its detached signature, offline.")
public final class VerifyReportCommand implements Callable<Integer> {

    /** A report is a few hundred KiB at most; a larger file is refused rather than read whole. */
    static final long MAX_BYTES = 64L * 1024 * 1024;

    @Parameters(index = "0", paramLabel = "FILE")
    Path file;

    @Parameters(index = "1", paramLabel = "SIG")
    Path signature;

    @Option(names = "--key", required = true, paramLabel = "KEY.pem",
            description = "the report key (hoshu reports key -o KEY.pem)")
    Path key;

    private final CliContext context;

    public VerifyReportCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        PublicKey publicKey;
        byte[] content;
        byte[] detached;
        try {
            publicKey = Pem.readPublicKey(key);
            content = read(file);
            detached = read(signature);
        } catch (NoSuchFileException e) {
            context.err().println("refused: " + e.getFile() + " does not exist");
            return 1;
        } catch (IOException e) {
            context.err().println("refused: " + dev.hoshu.cli.TerminalText.oneLine(e.getMessage()));
            return 1;
        }
        ReportVerifier.Result result = ReportVerifier.verify(content, detached, publicKey);
        if (result.valid()) {
            context.out().println(result.message());
            return 0;
        }
        context.err().println("FAILED: " + result.message());
        return 1;
    }

    private static byte[] read(Path path) throws IOException {
        if (Files.isRegularFile(path) && Files.size(path) > MAX_BYTES) {
            throw new IOException(path + " is larger than " + MAX_BYTES + " bytes; not a report");
        }
        return Files.readAllBytes(path);
    }
}
