package dev.hoshu.bench.measure;

/**
 * One finished ssh invocation.
 *
 * @param firstByteNanos when stdout's first byte arrived, counted from start; -1 if none did
 * @param stdoutHead     the first bytes of stdout, enough to check a small tool's answer
 */
public record RunResult(int exitStatus, long totalNanos, long firstByteNanos, long stdoutBytes, String stdoutHead,
                        String stderr) {

    public double totalMillis() {
        return totalNanos / 1e6;
    }

    /** Seconds from first byte to end, i.e. the transfer without the session set-up. */
    public double transferSeconds() {
        return (totalNanos - Math.max(0, firstByteNanos)) / 1e9;
    }
}
