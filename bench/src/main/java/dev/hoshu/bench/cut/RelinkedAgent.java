package dev.hoshu.bench.cut;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.hoshu.bench.jvm.JvmProcess;
import dev.hoshu.bench.process.Deadline;
import dev.hoshu.bench.process.PathFailure;

/**
 * The quickstart's agent, stopped and started again with the same command line but dialling through a
 * {@link DelayedLink}, the way a device on a long line would reach the broker. The harness owns the new process
 * and stops it by its pid.
 */
final class RelinkedAgent implements AutoCloseable {

    private static final Duration ONLINE_LIMIT = Duration.ofSeconds(120);

    private final Process process;

    private RelinkedAgent(Process process) {
        this.process = process;
    }

    /**
     * @param agentDir  the agent's data folder, whose {@code agent.properties} names the broker
     * @param brokerLog the broker's log, where each tunnel up is one "device … online" line
     */
    static RelinkedAgent through(JvmProcess quickstartAgent, DelayedLink link, Path agentDir, Path brokerLog,
                                 Path projectRoot, Path log) {
        try {
            List<String> argv = commandLine(quickstartAgent.pid());
            ProcessHandle old = ProcessHandle.of(quickstartAgent.pid())
                    .orElseThrow(() -> new PathFailure("cut: the agent " + quickstartAgent.pid() + " is gone"));
            old.destroy();
            if (!Deadline.in(Duration.ofSeconds(15)).await(() -> !old.isAlive())) {
                old.destroyForcibly();
            }
            Path properties = agentDir.resolve("agent.properties");
            Files.writeString(properties, Files.readString(properties).replaceAll("(?m)^broker=.*$",
                    "broker=127.0.0.1\\\\:" + link.port()));
            long onlineBefore = onlineLines(brokerLog);
            Process process = new ProcessBuilder(argv).directory(projectRoot.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            RelinkedAgent agent = new RelinkedAgent(process);
            if (!Deadline.in(ONLINE_LIMIT).await(() -> onlineLines(brokerLog) > onlineBefore || !process.isAlive())
                    || !process.isAlive()) {
                agent.close();
                throw new PathFailure("cut: the agent did not come online through the delayed link within "
                        + ONLINE_LIMIT.toSeconds() + " s; see " + log);
            }
            return agent;
        } catch (IOException e) {
            throw new PathFailure("cut: cannot restart the agent through the delayed link: " + e.getMessage(), e);
        }
    }

    long pid() {
        return process.pid();
    }

    static List<String> commandLine(long pid) throws IOException {
        byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
        List<String> argv = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == 0) {
                argv.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (argv.isEmpty()) {
            throw new IOException("no command line for pid " + pid);
        }
        return argv;
    }

    private static long onlineLines(Path brokerLog) {
        try {
            return Files.readAllLines(brokerLog).stream().filter(l -> l.matches(".*device CT-01 \\(.*\\) online.*"))
                    .count();
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
