package dev.hoshu.bench.measure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.hoshu.bench.paths.SshPath;
import dev.hoshu.bench.process.Deadline;
import dev.hoshu.bench.tools.BenchTool;

/**
 * N trivial sessions on one path started at once, each timed from its own start to its exit.
 *
 * @param firstError the first failed session's one-line reason, or empty
 */
record SessionBurst(List<Double> millis, int errors, String firstError) {

    static SessionBurst run(SshPath path, int sessions, Path scratch) {
        List<LiveSession> live = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            live.add(LiveSession.start(path.argv(BenchTool.NOOP), scratch, path.label() + "-c" + sessions + "-" + i,
                    false));
        }
        Duration limit = Duration.ofSeconds(60 + sessions / 2);
        if (!Deadline.in(limit).await(() -> live.stream().allMatch(LiveSession::hasEnded))) {
            live.stream().filter(session -> !session.hasEnded()).forEach(LiveSession::kill);
        }
        List<Double> millis = new ArrayList<>();
        int errors = 0;
        String firstError = "";
        for (LiveSession session : live) {
            if (session.endedWell(BenchTool.NOOP_OUTPUT)) {
                millis.add(session.millis());
            } else {
                errors++;
                firstError = firstError.isEmpty() ? session.failure() : firstError;
            }
        }
        return new SessionBurst(List.copyOf(millis), errors, firstError);
    }

    /** Order statistics of the sessions that worked; NaN-free only if at least one did. */
    Samples samples() {
        return Samples.of(millis.isEmpty() ? List.of(Double.NaN) : millis);
    }
}
