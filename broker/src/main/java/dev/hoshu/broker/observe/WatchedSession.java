package dev.hoshu.broker.observe;

import dev.hoshu.broker.killswitch.LiveSession;
import dev.hoshu.broker.recording.SessionRecording;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One live session and the observers watching it. Every join and leave is a recording event, made durable before
 * the session hears of it; changes happen one at a time, in order.
 */
public final class WatchedSession {

    private static final Logger log = LoggerFactory.getLogger(WatchedSession.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final String TOO_SLOW = "the observer did not keep up with the session";

    private final LiveSession session;
    private final SessionRecording recording;
    private final Presence presence;
    private final Executor changes;
    private final BiConsumer<LiveSession, LeftView> onLeave;
    // Read without a lock: lines are published on the recording's completion threads, which must never wait for a
    // join that is itself waiting for its line to become durable.
    private final List<LiveView> views = new CopyOnWriteArrayList<>();
    private boolean ended;

    /** An observer who left: who, and why when it was not their choice. */
    record LeftView(String subject, String why) {
    }

    WatchedSession(LiveSession session, SessionRecording recording, Presence presence, Executor changes,
                   BiConsumer<LiveSession, LeftView> onLeave) {
        this.session = session;
        this.recording = recording;
        this.presence = presence;
        this.changes = changes;
        this.onLeave = onLeave;
    }

    public LiveSession session() {
        return session;
    }

    /** The subjects watching now, in the order they joined (one entry per open view). */
    public List<String> observers() {
        return views.stream().map(LiveView::subject).toList();
    }

    /** {@code waiting}, {@code running} or {@code paused}. */
    public String state() {
        return presence.state();
    }

    /**
     * Opens a live view for {@code subject}: its first line says who watches (this observer included) and the
     * session's state; then come the session's recording events as they become durable, starting with this join.
     * The caller has checked that {@code subject} may watch.
     *
     * @throws IOException when the join cannot be recorded: the observer is not let in (fail closed)
     * @throws IllegalStateException when the session has ended meanwhile
     */
    public synchronized Flow.Publisher<String> join(String subject) throws IOException {
        if (ended) {
            throw new IllegalStateException("session " + session.id() + " has ended");
        }
        LiveView[] self = new LiveView[1];
        LiveView view = new LiveView(subject, () -> leaveLater(self[0], null));
        self[0] = view;
        views.add(view);
        view.offer(hello());
        try {
            recording.observer("joined", subject, null);
        } catch (IOException e) {
            views.remove(view);
            view.close(null);
            throw e;
        }
        presence.observersChanged(observers());
        return view;
    }

    /** A recording line made durable: to every observer; one who is too far behind is dropped, never waited for. */
    void publish(String line) {
        for (LiveView view : views) {
            if (!view.offer(line)) {
                leaveLater(view, TOO_SLOW);
            }
        }
    }

    /** Drops a view that never started reading, so a lost HTTP response cannot hold a session open forever. */
    void dropUnread() {
        views.stream().filter(view -> !view.isSubscribed()).toList().forEach(view -> leaveLater(view, "the observer never started reading"));
    }

    /** The session is over (its recording sealed): every view ends after the lines it has. */
    synchronized void end() {
        ended = true;
        views.forEach(view -> view.close(null));
        views.clear();
    }

    // Leaves are handled off the caller's thread: a cancel arrives on a network thread, a drop on the recording's.
    private void leaveLater(LiveView view, String why) {
        changes.execute(() -> leave(view, why));
    }

    private void leave(LiveView view, String why) {
        synchronized (this) {
            if (!views.remove(view)) {
                return;
            }
            view.close(why == null ? null : dropped(why));
            try {
                recording.observer("left", view.subject(), why);
            } catch (IOException e) {
                log.warn("session {}: observer {} left but that could not be recorded: {}", session.id(),
                        view.subject(), e.getMessage());
            }
            presence.observersChanged(observers());
        }
        onLeave.accept(session, new LeftView(view.subject(), why));
    }

    private String hello() {
        ObjectNode hello = JSON.createObjectNode();
        hello.put("k", "live");
        hello.put("session", session.id());
        hello.put("grant", session.grantId());
        hello.put("hospital", session.hospital());
        hello.put("device", session.device());
        hello.put("engineer", session.engineer());
        hello.put("company", session.company());
        hello.put("command", session.command());
        hello.put("startedAt", session.startedAt().toString());
        hello.put("state", presence.state());
        hello.putPOJO("observers", observers());
        return JSON.writeValueAsString(hello);
    }

    private static String dropped(String why) {
        ObjectNode line = JSON.createObjectNode();
        line.put("k", "dropped");
        line.put("reason", why);
        return JSON.writeValueAsString(line);
    }
}
