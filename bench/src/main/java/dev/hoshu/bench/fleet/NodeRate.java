package dev.hoshu.bench.fleet;

/**
 * Sessions started on one node while every node took sessions at once.
 *
 * @param medianMillis the median session (ssh start to exit) under that load, or -1 when none worked
 */
public record NodeRate(String node, int sessions, int errors, double perSecond, double medianMillis,
                       String firstError) {
}
