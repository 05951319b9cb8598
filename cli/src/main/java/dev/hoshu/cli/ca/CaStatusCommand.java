package dev.hoshu.cli.ca;

import dev.hoshu.cli.CliContext;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code hoshu ca status}: the rotation phase and the device CAs it involves. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the device CA rotation's phase, the issuing, next and previous CAs, and the next step.")
public final class CaStatusCommand implements Callable<Integer> {

    private final CliContext context;

    public CaStatusCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        CaStatusShown.print(context.broker().get("/ca"), context.out());
        return 0;
    }
}
