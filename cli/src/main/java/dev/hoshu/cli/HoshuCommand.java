package dev.hoshu.cli;

import dev.hoshu.cli.access.ApproveCommand;
import dev.hoshu.cli.accounts.AccountsCommand;
import dev.hoshu.cli.access.DenyCommand;
import dev.hoshu.cli.access.RequestCommand;
import dev.hoshu.cli.access.RequestsCommand;
import dev.hoshu.cli.access.SshCommand;
import dev.hoshu.cli.audit.AuditCommand;
import dev.hoshu.cli.ca.CaCommand;
import dev.hoshu.cli.contracts.ContractsCommand;
import dev.hoshu.cli.devices.DecommissionCommand;
import dev.hoshu.cli.devices.DevicesCommand;
import dev.hoshu.cli.devices.EnrollTokenCommand;
import dev.hoshu.cli.grants.EmergencyCommand;
import dev.hoshu.cli.grants.GrantsCommand;
import dev.hoshu.cli.http.BrokerCallFailed;
import dev.hoshu.cli.policy.PolicyCommand;
import dev.hoshu.cli.locks.LockCommand;
import dev.hoshu.cli.locks.LocksCommand;
import dev.hoshu.cli.locks.UnlockCommand;
import dev.hoshu.cli.login.LoginCommand;
import dev.hoshu.cli.orgs.OrgsCommand;
import dev.hoshu.cli.recordings.RecordingsCommand;
import dev.hoshu.cli.session.KillCommand;
import dev.hoshu.cli.session.SessionsCommand;
import dev.hoshu.cli.tools.ToolsCommand;
import dev.hoshu.cli.webhooks.WebhooksCommand;
import dev.hoshu.cli.evidence.EvidenceCommand;
import dev.hoshu.cli.reports.ReportsCommand;
import dev.hoshu.cli.responsibilities.ResponsibilitiesCommand;
import dev.hoshu.cli.workorders.WorkOrdersCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code hoshu}: the command for engineers, approvers, auditors and manufacturers. */
@Command(name = "hoshu", mixinStandardHelpOptions = true, version = "hoshu 0.1.0",
        description = "Time-boxed, recorded maintenance access to hospital imaging devices.",
        subcommands = {
                LoginCommand.class,
                RequestCommand.class, RequestsCommand.class, ApproveCommand.class, DenyCommand.class,
                SshCommand.class, GrantsCommand.class, EmergencyCommand.class, PolicyCommand.class,
                SessionsCommand.class, KillCommand.class, LockCommand.class, LocksCommand.class, UnlockCommand.class,
                EnrollTokenCommand.class, DevicesCommand.class, DecommissionCommand.class,
                ToolsCommand.class, RecordingsCommand.class, AuditCommand.class,
                WebhooksCommand.class, AccountsCommand.class, CaCommand.class, OrgsCommand.class, ContractsCommand.class,
                WorkOrdersCommand.class, ReportsCommand.class, EvidenceCommand.class, ResponsibilitiesCommand.class,
                CommandLine.HelpCommand.class})
public final class HoshuCommand implements Runnable {

    /** Exit status of every refusal and failed broker call. */
    public static final int REFUSED = 1;

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    public static void main(String[] args) {
        System.exit(run(CliContext.system(), args));
    }

    /** Runs one invocation and answers its exit status; nothing here ever prints a stack trace. */
    public static int run(CliContext context, String... args) {
        CommandLine cli = new CommandLine(new HoshuCommand(), new ContextFactory(context));
        cli.setOut(context.out());
        cli.setErr(context.err());
        // Tool arguments like "--verbose" after the device belong to the remote command.
        cli.getSubcommands().get("ssh").setUnmatchedOptionsArePositionalParams(true);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> refuse(context, e));
        cli.setParameterExceptionHandler(HoshuCommand::usageError);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        try {
            return cli.execute(args);
        } finally {
            context.out().flush();
            context.err().flush();
        }
    }

    /** A mistyped command line gets one line naming the mistake and where help is, not the whole usage. */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        command.getErr().println(TerminalText.oneLine(e.getMessage()) + " (try "
                + command.getCommandSpec().qualifiedName() + " --help)");
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static int refuse(CliContext context, Exception e) {
        String line = e instanceof BrokerCallFailed
                ? e.getMessage()
                : "failed: " + TerminalText.oneLine(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        context.err().println(line);
        return REFUSED;
    }
}
