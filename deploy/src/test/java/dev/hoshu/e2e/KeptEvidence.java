package dev.hoshu.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * When a test fails, keeps what tells a server that did not answer from a browser that hung: a thread dump of each
 * running JVM of the system, the browser's page and screenshot, and every log of the test's folder, copied to
 * {@code target/e2e-evidence/<class>/<test>/} (the test's own folder is deleted when its class ends).
 */
final class KeptEvidence implements TestWatcher {

    static final Path EVIDENCE = Path.of("target", "e2e-evidence").toAbsolutePath();

    /** A test class whose failures leave evidence. */
    interface Source {
        Evidence evidence();
    }

    /**
     * @param logs the folder the system's processes log to
     * @param jvms the JVMs to dump, by name
     */
    record Evidence(Path logs, Map<String, ManagedProcess> jvms, Optional<HeadlessChromium> browser) {
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        if (!(context.getTestInstance().orElse(null) instanceof Source source)) {
            return;
        }
        Evidence evidence = source.evidence();
        Path logs = evidence.logs();
        try {
            Files.createDirectories(logs);
            evidence.jvms().forEach((name, jvm) -> threadDump(name, jvm, logs));
            evidence.browser().ifPresent(browser -> browser.keepPage(logs));
            Path kept = EVIDENCE.resolve(context.getRequiredTestClass().getSimpleName())
                    .resolve(context.getRequiredTestMethod().getName());
            copy(logs, kept);
            System.err.println("evidence of " + context.getDisplayName() + " kept in " + kept);
        } catch (IOException | RuntimeException e) {
            // The failure itself is what the report must show: evidence is a help, never a second failure.
            System.err.println("could not keep the evidence of " + context.getDisplayName() + ": " + e);
        }
    }

    private static void threadDump(String name, ManagedProcess jvm, Path logs) {
        if (!jvm.isAlive()) {
            return;
        }
        Path jcmd = Path.of(HoshuSystem.JAVA).resolveSibling("jcmd");
        RunResult dump = Commands.run(List.of(jcmd.toString(), String.valueOf(jvm.pid()), "Thread.print", "-l"),
                Map.of(), null, logs);
        try {
            Files.writeString(logs.resolve(name + "-threads.txt"), dump.all());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    try {
                        Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }
    }
}
