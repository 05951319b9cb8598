package dev.hoshu.bench.measure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.hoshu.bench.Progress;
import dev.hoshu.bench.jvm.JvmProcess;
import dev.hoshu.bench.paths.SshPath;
import dev.hoshu.bench.process.Deadline;
import dev.hoshu.bench.tools.BenchTool;

/**
 * Opens N interactive sessions that stay live (the hold tool waits on its input), weighs the
 * broker's reachable heap with them open, then ends them by closing their input.
 */
public record SessionMemoryBenchmark(SshPath path, JvmProcess broker) {

    private static final Duration CLOSE_LIMIT = Duration.ofSeconds(60);

    public SessionMemoryFigures run(int sessions, Path scratch, Progress progress) {
        progress.step("memory: broker heap with " + sessions + " live " + path.label() + " sessions");
        long heapBefore = broker.liveHeapKiB();
        long rssBefore = broker.rssKiB();
        List<LiveSession> live = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            live.add(LiveSession.start(path.argv(BenchTool.HOLD), scratch, "m" + sessions + "-" + i, true));
        }
        Deadline.in(Duration.ofSeconds(60 + sessions / 2)).await(() -> live.stream()
                .allMatch(session -> session.printed(BenchTool.HOLD_READY) || session.hasEnded()));
        List<LiveSession> open = live.stream()
                .filter(session -> session.printed(BenchTool.HOLD_READY) && !session.hasEnded())
                .toList();
        progress.detail(open.size() + " of " + sessions + " sessions live; weighing the broker heap after a full GC");
        long heapWith = broker.liveHeapKiB();
        long rssWith = broker.rssKiB();

        live.forEach(LiveSession::closeInput);
        boolean closed = Deadline.in(CLOSE_LIMIT).await(() -> live.stream().allMatch(LiveSession::hasEnded));
        if (!closed) {
            live.stream().filter(session -> !session.hasEnded()).forEach(LiveSession::kill);
        }
        int errors = 0;
        String firstError = "";
        for (LiveSession session : live) {
            if (!open.contains(session) || !session.endedWell(BenchTool.HOLD_READY + "\n")) {
                errors++;
                if (firstError.isEmpty()) {
                    firstError = open.contains(session) ? "did not end cleanly on end of input: " + session.failure()
                            : "never became live: " + session.failure();
                }
            }
        }
        double perSession = open.isEmpty() ? Double.NaN : (heapWith - heapBefore) / (double) open.size();
        progress.detail(String.format("heap %d KiB -> %d KiB: %.0f KiB per live session; %d errors",
                heapBefore, heapWith, perSession, errors));
        return new SessionMemoryFigures(sessions, open.size(), errors, firstError, heapBefore, heapWith, perSession,
                rssBefore, rssWith);
    }
}
