package dev.hoshu.bench.measure;

/**
 * Broker heap cost of live sessions: reachable heap (after a full GC) before and while
 * {@code sessions} interactive sessions are open, and the difference per open session.
 */
public record SessionMemoryFigures(int sessions, int opened, int errors, String firstError, long heapBeforeKiB,
                                   long heapWithKiB, double heapKiBPerSession, long rssBeforeKiB, long rssWithKiB) {
}
