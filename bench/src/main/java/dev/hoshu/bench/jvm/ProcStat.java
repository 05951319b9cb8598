package dev.hoshu.bench.jvm;

/**
 * The CPU a process has used so far, from {@code /proc/<pid>/stat}. The command name may contain
 * spaces and parentheses, so fields are counted from the last ')'.
 */
public record ProcStat(long userTicks, long systemTicks) {

    public static ProcStat parse(String statLine) {
        int end = statLine.lastIndexOf(')');
        if (end < 0) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line");
        }
        String[] fields = statLine.substring(end + 1).strip().split("\\s+");
        // After ")": state is field 3 of stat(5); utime and stime are fields 14 and 15.
        if (fields.length < 13) {
            throw new IllegalArgumentException("/proc/<pid>/stat line has too few fields");
        }
        return new ProcStat(Long.parseLong(fields[11]), Long.parseLong(fields[12]));
    }

    public long totalTicks() {
        return userTicks + systemTicks;
    }
}
