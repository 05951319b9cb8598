package dev.hoshu.cli.evidence;

import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.login.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hoshu evidence privileges -o FILE.csv}: the administrative privileges and who holds them. */
@Command(name = "privileges", mixinStandardHelpOptions = true, description = "Export who holds the hospital's administrative privileges as CSV (hospital admins).")
public final class PrivilegesCommand implements Callable<Integer> {

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "the file to write (must not exist)")
    Path output;

    private final CliContext context;

    public PrivilegesCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        byte[] csv = context.broker().download("/evidence/privileges.csv");
        try {
            OwnerOnlyFiles.writeNew(output, csv);
        } catch (FileAlreadyExistsException e) {
            context.err().println("refused: " + output + " exists; name a new file");
            return 1;
        }
        context.out().println("exported the administrative privileges and who holds them to " + output);
        return 0;
    }
}
