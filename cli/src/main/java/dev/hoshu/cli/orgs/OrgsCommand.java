package dev.hoshu.cli.orgs;

import dev.hoshu.cli.CliContext;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code hoshu orgs}: lists the organisations; {@code list} says the same explicitly, {@code add} registers one. */
@Command(name = "orgs", mixinStandardHelpOptions = true,
        description = "Organisations: hospitals, service companies and manufacturers (the operator registers them).",
        subcommands = {ListOrgsCommand.class, AddOrgCommand.class})
public final class OrgsCommand implements Callable<Integer> {

    private final CliContext context;

    public OrgsCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        return new ListOrgsCommand(context).call();
    }
}
