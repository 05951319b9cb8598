package dev.hoshu.bench.tunnels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The open-file limit ({@code ulimit -n}) from {@code /proc/self/limits}; the broker the quickstart starts inherits
 * it, and each tunnel costs one descriptor on each side.
 */
record OpenFiles(long soft, long hard) {

    private static final Pattern LINE = Pattern.compile("(?m)^Max open files\\s+(\\S+)\\s+(\\S+)");

    static OpenFiles ofThisProcess() {
        try {
            return parse(Files.readString(Path.of("/proc/self/limits")));
        } catch (IOException e) {
            return new OpenFiles(Long.MAX_VALUE, Long.MAX_VALUE);
        }
    }

    static OpenFiles parse(String limits) {
        Matcher matcher = LINE.matcher(limits);
        if (!matcher.find()) {
            throw new IllegalArgumentException("no 'Max open files' line in the limits");
        }
        return new OpenFiles(value(matcher.group(1)), value(matcher.group(2)));
    }

    private static long value(String text) {
        return "unlimited".equals(text) ? Long.MAX_VALUE : Long.parseLong(text);
    }
}
