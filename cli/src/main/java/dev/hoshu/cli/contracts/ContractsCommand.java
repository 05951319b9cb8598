package dev.hoshu.cli.contracts;

import dev.hoshu.cli.CliContext;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code hoshu contracts}: lists the contracts the caller may see; its subcommands register new ones. */
@Command(name = "contracts", mixinStandardHelpOptions = true,
        description = "Maintenance and tool contracts: list them, or register one.",
        subcommands = {ListContractsCommand.class, AddMaintenanceCommand.class, AddToolsCommand.class})
public final class ContractsCommand implements Callable<Integer> {

    private final CliContext context;

    public ContractsCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        return new ListContractsCommand(context).call();
    }
}
