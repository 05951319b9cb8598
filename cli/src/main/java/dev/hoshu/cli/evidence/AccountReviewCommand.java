package dev.hoshu.cli.evidence;

import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.login.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hoshu evidence accounts -o FILE.csv}: the account review. */
@Command(name = "accounts", mixinStandardHelpOptions = true, description = "Export the account review as CSV (hospital admins).")
public final class AccountReviewCommand implements Callable<Integer> {

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "the file to write (must not exist)")
    Path output;

    @Option(names = "--dormant-days", defaultValue = "90", description = "flag engineers idle this long (default ${DEFAULT-VALUE})")
    int dormantDays;

    private final CliContext context;

    public AccountReviewCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        byte[] csv = context.broker().download("/evidence/accounts.csv" + "?dormant-days=" + dormantDays);
        try {
            OwnerOnlyFiles.writeNew(output, csv);
        } catch (FileAlreadyExistsException e) {
            context.err().println("refused: " + output + " exists; name a new file");
            return 1;
        }
        context.out().println("exported the account review to " + output);
        return 0;
    }
}
