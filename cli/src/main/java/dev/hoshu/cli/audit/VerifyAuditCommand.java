package dev.hoshu.cli.audit;

import dev.hoshu.audit.AuditLogReport;
import dev.hoshu.audit.AuditLogVerifier;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hoshu audit verify}: names the first broken line of an audit log, or confirms its chain. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check the hash chain of audit log files (data/audit/audit-YYYY-MM-DD.jsonl).",
                "Several files, oldest first, are also checked to link one to the next.",
                "Exit 0: intact; 1: broken (the line is named) or unreadable."})
public final class VerifyAuditCommand implements Callable<Integer> {

    public static final int INTACT = 0;
    public static final int BROKEN = 1;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "audit log files, oldest first")
    List<Path> files;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        try {
            AuditLogVerifier verifier = new AuditLogVerifier();
            AuditLogReport report = files.size() == 1 ? verifier.verify(files.get(0)) : verifier.verifyAll(files);
            spec.commandLine().getOut().println(report.message());
            return report.intact() ? INTACT : BROKEN;
        } catch (NoSuchFileException e) {
            spec.commandLine().getErr().println("failed: no such file " + e.getFile());
            return BROKEN;
        } catch (IOException e) {
            spec.commandLine().getErr().println("failed: cannot read " + e.getMessage());
            return BROKEN;
        }
    }
}
