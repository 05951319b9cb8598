package dev.hoshu.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A class-data-sharing archive of the {@code hoshu} CLI's classes, beside the CLI's runtime jar: the end-to-end
 * tests start the CLI hundreds of times, and a JVM that maps the classes it needs from the archive, instead of
 * loading and verifying them, spends about a quarter less CPU on a {@code hoshu requests} (0.99 s against 0.71 s
 * here). The archive is made once per build of the CLI, by one real call against a test's own broker, and
 * rebuilding the CLI deletes it with the rest of {@code target/runtime}. A missing or mismatched archive (another
 * JDK, a rebuilt jar) costs nothing but the saving: the JVM then loads the classes as usual, and says nothing
 * about it, so no test's output changes.
 */
final class CliClassArchive {

    static final Path FILE = HoshuSystem.ROOT.resolve("cli/target/runtime/hoshu-cli.jsa");
    /** The JVM's own notes on the archive (mapped, mismatched, unusable) would land in the CLI's output. */
    private static final String QUIET = "-Xlog:cds*=off";

    private CliClassArchive() {
    }

    /** The JVM options that use the archive, none while it has not been made. */
    static List<String> options() {
        return Files.isRegularFile(FILE) ? List.of("-XX:SharedArchiveFile=" + FILE, QUIET) : List.of();
    }

    /**
     * Makes the archive, unless it is there: one {@code hoshu requests} of a logged-in engineer, whose classes the
     * JVM writes out as it exits. Tests running at the same time may each make one; the last rename wins, and a CLI
     * already started keeps the file it opened.
     */
    static void makeOnce(Path engineerHome, Path workDir) {
        if (Files.isRegularFile(FILE)) {
            return;
        }
        try {
            Path made = Files.createTempFile(FILE.getParent(), "hoshu-cli-", ".jsa.tmp");
            List<String> command = new ArrayList<>(HoshuSystem.java("-XX:ArchiveClassesAtExit=" + made, QUIET, "-jar",
                    HoshuSystem.jar("cli/target/runtime/hoshu-cli.jar"), "requests"));
            RunResult training = Commands.run(command, Map.of("HOSHU_HOME", engineerHome.toString()), null, workDir);
            if (training.exitCode() == 0 && Files.size(made) > 0) {
                Files.move(made, FILE, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } else {
                // Only a saving is lost: the tests run on without the archive and the call they make shows the fault.
                Files.deleteIfExists(made);
            }
        } catch (IOException e) {
            // As above: without the archive every CLI call loads its classes as it always did.
        }
    }
}
