package dev.hoshu.bench;

import java.util.List;

/**
 * How much of each measurement a mode does. Quick fits in about three minutes on two cores once
 * Hoshu is up, and says where it measures less than the figures (64 MiB, no 200 sessions).
 */
public record BenchPlan(String mode, int warmupRuns, int setupRounds, int streamMib, int throughputRounds,
                        List<Integer> concurrency, int liveSessions) {

    public static final BenchPlan QUICK = new BenchPlan("quick", 2, 15, 64, 3, List.of(10, 50), 50);
    public static final BenchPlan FULL = new BenchPlan("full", 3, 50, 512, 3, List.of(10, 50, 200), 200);

    public BenchPlan {
        concurrency = List.copyOf(concurrency);
    }
}
