package dev.hoshu.cli.policy;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hoshu policy check|show|apply}. */
@Command(name = "policy", mixinStandardHelpOptions = true, description = "A hospital's access policy.",
        subcommands = {CheckPolicyCommand.class, ShowPolicyCommand.class, ApplyPolicyCommand.class})
public final class PolicyCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: check, show or apply");
    }
}
