package dev.hoshu.bench.jvm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.hoshu.bench.process.CommandOutput;
import dev.hoshu.bench.process.ExternalCommand;
import dev.hoshu.bench.process.OneLine;
import dev.hoshu.bench.process.PathFailure;

/** A running Hoshu JVM (broker or agent) that the harness started and now observes. */
public record JvmProcess(String label, long pid) {

    private static final Duration JCMD_LIMIT = Duration.ofSeconds(60);
    private static final Pattern RSS = Pattern.compile("(?m)^VmRSS:\\s+(\\d+) kB");

    /**
     * Finds the one descendant of {@code root} whose command line names both the jar and the data
     * dir, so a broker some other run started on this machine is never measured by mistake.
     */
    public static Optional<JvmProcess> find(String label, ProcessHandle root, String jarName, String dataDir) {
        return root.descendants()
                .filter(handle -> {
                    String commandLine = commandLine(handle.pid());
                    return commandLine.contains(jarName) && commandLine.contains(dataDir);
                })
                .map(handle -> new JvmProcess(label, handle.pid()))
                .findFirst();
    }

    public boolean isAlive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    public ProcStat cpu() {
        return ProcStat.parse(read("/proc/" + pid + "/stat"));
    }

    public long rssKiB() {
        Matcher matcher = RSS.matcher(read("/proc/" + pid + "/status"));
        if (!matcher.find()) {
            throw new PathFailure(label + ": no VmRSS in /proc/" + pid + "/status");
        }
        return Long.parseLong(matcher.group(1));
    }

    /** The heap in use right now, garbage included. */
    public long heapUsedKiB() {
        return HeapInfo.usedKiB(jcmd("GC.heap_info").stdout());
    }

    /** The heap that is still reachable: a full collection first, then the heap in use. */
    public long liveHeapKiB() {
        jcmd("GC.run");
        return heapUsedKiB();
    }

    public CommandOutput jcmd(String... command) {
        List<String> argv = new ArrayList<>(List.of("jcmd", Long.toString(pid)));
        argv.addAll(List.of(command));
        CommandOutput output = ExternalCommand.run(argv, JCMD_LIMIT);
        if (!output.succeeded() || output.stdout().contains("Exception")) {
            throw new PathFailure(label + ": jcmd " + command[0] + " failed: "
                    + OneLine.lastOf(output.stdout() + output.stderr()));
        }
        return output;
    }

    private String read(String file) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PathFailure(label + " (pid " + pid + ") is gone: cannot read " + file);
        }
    }

    private static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    /** Kernel clock ticks per second, for turning {@link ProcStat} into seconds. */
    public static long ticksPerSecond() {
        CommandOutput output = ExternalCommand.run(List.of("getconf", "CLK_TCK"), Duration.ofSeconds(10));
        try {
            return output.succeeded() ? Long.parseLong(output.stdout().strip()) : 100;
        } catch (NumberFormatException e) {
            return 100;
        }
    }
}
