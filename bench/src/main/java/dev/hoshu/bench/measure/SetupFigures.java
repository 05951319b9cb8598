package dev.hoshu.bench.measure;

/** Session set-up on one path: wall time from ssh start to the trivial tool's exit, in milliseconds. */
public record SetupFigures(String path, int runs, double p50Ms, double p95Ms, double minMs, double maxMs) {

    static SetupFigures of(String path, Samples millis) {
        return new SetupFigures(path, millis.count(), millis.median(), millis.p95(), millis.min(), millis.max());
    }
}
