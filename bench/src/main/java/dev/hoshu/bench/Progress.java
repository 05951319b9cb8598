package dev.hoshu.bench;

import java.io.PrintWriter;

/** The running commentary: which path, which run of how many, so a long benchmark never looks hung. */
public final class Progress {

    private final PrintWriter out;
    private final long startNanos = System.nanoTime();

    public Progress(PrintWriter out) {
        this.out = out;
    }

    public void step(String what) {
        out.printf("[%5.1f s] %s%n", elapsedSeconds(), what);
        out.flush();
    }

    public void detail(String what) {
        out.printf("          %s%n", what);
        out.flush();
    }

    public double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
