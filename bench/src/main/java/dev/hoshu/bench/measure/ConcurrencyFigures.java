package dev.hoshu.bench.measure;

/**
 * N trivial sessions started at once through one broker, and the same burst against the device's
 * own sshd when the direct path runs, so client-side load on a shared machine can be told apart
 * from the broker's.
 *
 * @param firstError         the first failed Hoshu session's one-line reason, or empty
 * @param brokerCpuPercent   broker CPU over the Hoshu burst, in percent of one core
 * @param brokerHeapUsedKiB  heap in use (garbage included) right after the burst
 * @param directP50Ms        the direct burst's median, or null when direct was not measured
 * @param directFirstError   the first failed direct session's reason, or empty
 */
public record ConcurrencyFigures(int sessions, int errors, String firstError, double p50Ms, double p95Ms,
                                 double wallSeconds, double brokerCpuSeconds, double brokerCpuPercent,
                                 double agentCpuSeconds, long brokerHeapUsedKiB, long brokerRssKiB,
                                 Double directP50Ms, Double directP95Ms, Integer directErrors,
                                 String directFirstError) {
}
