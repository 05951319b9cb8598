package dev.hoshu.cli.recordings;

import dev.hoshu.recording.RecordedEvent;
import dev.hoshu.recording.RecordingReader;
import dev.hoshu.recording.TerminalBytes;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * Writes a recording's output to a terminal with its recorded timing: each pause is the gap between two
 * events, cut to the idle limit, divided by the speed. Only the tool's output is shown, never the input.
 *
 * @param idleLimit the longest pause, or {@code null} for none
 */
record Replay(double speed, Duration idleLimit, Pacer pacer) {

    Replay {
        if (!(speed > 0 && speed <= 1000)) {
            throw new IllegalArgumentException("speed must be above 0 and at most 1000");
        }
        if (idleLimit != null && idleLimit.isNegative()) {
            throw new IllegalArgumentException("idle limit must not be negative");
        }
    }

    void play(RecordingReader recording, PrintWriter terminal) throws IOException, InterruptedException {
        TerminalBytes screen = new TerminalBytes();
        long previous = 0;
        for (RecordedEvent event = recording.next(); event != null; event = recording.next()) {
            if (!event.isOutput()) {
                continue;
            }
            Duration gap = Duration.ofMillis(Math.max(0, event.tMillis() - previous));
            previous = event.tMillis();
            if (idleLimit != null && gap.compareTo(idleLimit) > 0) {
                gap = idleLimit;
            }
            Duration wait = Duration.ofNanos((long) (gap.toNanos() / speed));
            if (!wait.isZero()) {
                pacer.pause(wait);
            }
            terminal.print(screen.decode(event.data()));
            terminal.flush();
        }
        terminal.print(screen.finish());
        terminal.flush();
    }
}
