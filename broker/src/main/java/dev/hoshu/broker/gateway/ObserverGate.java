package dev.hoshu.broker.gateway;

import dev.hoshu.broker.observe.Presence;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The four-eyes rule for one session whose grant requires a hospital observer: its tool starts only once an
 * observer watches; when the last one leaves it pauses, and resumes when one is back. Nobody for the longest
 * wait (before the start, or while paused) ends the session. Changes are handled one at a time, in order.
 */
final class ObserverGate implements Presence {

    /** What the gate does to its session. */
    interface Held {
        /** The first observer joined: start the tool. */
        void startTool();

        void pause(String reason);

        void resume(String reason);

        /** Nobody watched for the longest wait; {@code started} tells whether the tool ever ran. */
        void giveUp(boolean started, String reason);
    }

    private enum Phase { WAITING, RUNNING, PAUSED, OVER }

    private final Held session;
    private final Duration longestWait;
    private final ScheduledExecutorService timer;
    private Phase phase = Phase.WAITING;
    private ScheduledFuture<?> deadline;
    // A deadline cancelled while it was already firing must not end a session paused again since.
    private long deadlines;

    ObserverGate(Held session, Duration longestWait, ScheduledExecutorService timer) {
        this.session = session;
        this.longestWait = longestWait;
        this.timer = timer;
    }

    /** Starts the wait for the first observer. */
    synchronized void open() {
        if (phase == Phase.WAITING && deadline == null) {
            deadline = giveUpLater();
        }
    }

    @Override
    public synchronized void observersChanged(List<String> observers) {
        boolean watched = !observers.isEmpty();
        if (watched && phase == Phase.WAITING) {
            phase = Phase.RUNNING;
            cancelDeadline();
            session.startTool();
        } else if (watched && phase == Phase.PAUSED) {
            phase = Phase.RUNNING;
            cancelDeadline();
            session.resume(observers.get(observers.size() - 1) + " is watching");
        } else if (!watched && phase == Phase.RUNNING) {
            phase = Phase.PAUSED;
            deadline = giveUpLater();
            session.pause("the last hospital observer left");
        }
    }

    @Override
    public synchronized String state() {
        return switch (phase) {
            case WAITING -> "waiting";
            case PAUSED -> "paused";
            case RUNNING, OVER -> "running";
        };
    }

    /** The session ended: nothing more happens. */
    synchronized void over() {
        phase = Phase.OVER;
        cancelDeadline();
    }

    private ScheduledFuture<?> giveUpLater() {
        long which = ++deadlines;
        return timer.schedule(() -> deadlinePassed(which), longestWait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void deadlinePassed(long which) {
        if (which != deadlines || (phase != Phase.WAITING && phase != Phase.PAUSED)) {
            return;
        }
        boolean started = phase == Phase.PAUSED;
        phase = Phase.OVER;
        deadline = null;
        String wait = Spans.words(longestWait);
        session.giveUp(started, started ? "no hospital observer watched for " + wait
                : "no hospital observer joined within " + wait);
    }

    private void cancelDeadline() {
        deadlines++;
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }
}
