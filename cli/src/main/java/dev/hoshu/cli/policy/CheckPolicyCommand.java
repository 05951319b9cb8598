package dev.hoshu.cli.policy;

import dev.hoshu.access.Category;
import dev.hoshu.cli.CliContext;
import dev.hoshu.hospitalpolicy.CategoryRules;
import dev.hoshu.hospitalpolicy.HospitalPolicy;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code hoshu policy check FILE}: the broker's checks, offline; names the line of the first mistake. */
@Command(name = "check", mixinStandardHelpOptions = true, description = "Check a policy document (no broker needed).")
public final class CheckPolicyCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE")
    Path file;

    private final CliContext context;

    public CheckPolicyCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        HospitalPolicy policy = PolicyFile.read(file).policy();
        context.out().println(file + ": ok, policy of " + policy.hospital());
        for (Map.Entry<Category, CategoryRules> category : new java.util.TreeMap<>(policy.categories()).entrySet()) {
            CategoryRules rules = category.getValue();
            context.out().println("  " + category.getKey() + ": " + rules.approvals() + " approver"
                    + (rules.approvals() == 1 ? "" : "s") + ", at most " + rules.maxMinutes() + " minutes"
                    + (rules.tools().isEmpty() ? "" : ", tools " + String.join(", ", rules.tools()))
                    + (rules.observerRequired() ? ", observer required" : ""));
        }
        context.out().println("  hours: " + (policy.hours() == null ? "any time" : policy.hours().describe())
                + "; patient data: " + (policy.patientData() ? "may be approved" : "never")
                + "; emergency: " + (policy.emergency().enabled() ? policy.emergency().categories() + " with "
                + String.join(", ", policy.emergency().tools()) : "off"));
        return 0;
    }
}
