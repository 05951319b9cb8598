package dev.hoshu.cli.accounts;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code hoshu accounts}: the account review (hospital admins, the platform operator). */
@Command(name = "accounts", mixinStandardHelpOptions = true,
        description = "Review accounts and disable or enable them (hospital admins, operator).",
        subcommands = {ReviewCommand.class, DisableAccountCommand.class, EnableAccountCommand.class})
public final class AccountsCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: review, disable or enable");
    }
}
