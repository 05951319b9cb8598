package dev.hoshu.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.hoshu.bench.process.CommandOutput;
import dev.hoshu.bench.process.ExternalCommand;
import dev.hoshu.bench.process.OneLine;

/** The machine a run measured, so figures from different machines are never compared unknowingly. */
public record Machine(int cpus, String cpuModel, long memoryMiB, String jdk, String openSsh, String kernel) {

    private static final Pattern MODEL = Pattern.compile("(?m)^model name\\s*:\\s*(.+)$");
    private static final Pattern MEM_TOTAL = Pattern.compile("(?m)^MemTotal:\\s+(\\d+) kB");

    public static Machine detect() {
        String cpuInfo = read("/proc/cpuinfo");
        String memInfo = read("/proc/meminfo");
        CommandOutput sshVersion = ExternalCommand.run(List.of("ssh", "-V"), Duration.ofSeconds(10));
        return new Machine(
                Runtime.getRuntime().availableProcessors(),
                first(MODEL, cpuInfo).orElse("unknown CPU"),
                first(MEM_TOTAL, memInfo).map(kib -> Long.parseLong(kib) / 1024).orElse(0L),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                OneLine.of(sshVersion.stderr() + sshVersion.stdout()),
                System.getProperty("os.name") + " " + System.getProperty("os.version"));
    }

    public String describe() {
        return String.format("%d CPU × %s, %.1f GiB RAM, %s, %s, %s", cpus, cpuModel, memoryMiB / 1024.0, jdk, openSsh,
                kernel);
    }

    private static Optional<String> first(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? Optional.of(matcher.group(1).strip()) : Optional.empty();
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            return "";
        }
    }
}
