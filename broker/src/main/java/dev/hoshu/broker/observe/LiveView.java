package dev.hoshu.broker.observe;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One observer's live view: JSON lines, delivered as fast as the observer reads. Lines wait in a bounded queue;
 * {@link #offer} never blocks, and answers false when the queue is full, so the session drops a slow observer
 * instead of waiting for it. One subscriber only; it may subscribe after lines were offered (they wait for it).
 */
final class LiveView implements Flow.Publisher<String> {

    /** Lines an observer may fall behind before being dropped: at most a relay chunk each, so a few MiB. */
    static final int MOST_WAITING = 256;

    private final String subject;
    private final Runnable onCancel;
    private final Queue<String> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicLong demand = new AtomicLong();
    private final AtomicInteger drains = new AtomicInteger();
    private final AtomicBoolean subscribed = new AtomicBoolean();
    private volatile Flow.Subscriber<? super String> subscriber;
    private volatile boolean closed;
    private volatile boolean cancelled;
    private boolean completed;

    LiveView(String subject, Runnable onCancel) {
        this.subject = subject;
        this.onCancel = onCancel;
    }

    String subject() {
        return subject;
    }

    boolean isSubscribed() {
        return subscribed.get();
    }

    @Override
    public void subscribe(Flow.Subscriber<? super String> next) {
        if (!subscribed.compareAndSet(false, true)) {
            next.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            next.onError(new IllegalStateException("a live view has one reader"));
            return;
        }
        subscriber = next;
        next.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                if (n <= 0) {
                    cancel();
                    return;
                }
                demand.getAndUpdate(d -> d + n < 0 ? Long.MAX_VALUE : d + n);
                drain();
            }

            @Override
            public void cancel() {
                if (!cancelled) {
                    cancelled = true;
                    queue.clear();
                    onCancel.run();
                }
            }
        });
        drain();
    }

    /** @return false when the observer is too far behind to take one more line (the line is not queued) */
    boolean offer(String line) {
        if (closed || cancelled) {
            return true;
        }
        if (waiting.get() >= MOST_WAITING) {
            return false;
        }
        waiting.incrementAndGet();
        queue.add(line);
        drain();
        return true;
    }

    /** Ends the view after the lines queued so far and {@code lastLine} (may be null), even over the bound. */
    void close(String lastLine) {
        if (closed) {
            return;
        }
        if (lastLine != null) {
            waiting.incrementAndGet();
            queue.add(lastLine);
        }
        closed = true;
        drain();
    }

    boolean isClosed() {
        return closed || cancelled;
    }

    private void drain() {
        if (drains.getAndIncrement() != 0) {
            return;
        }
        do {
            Flow.Subscriber<? super String> to = subscriber;
            if (to != null && !cancelled) {
                while (demand.get() > 0 && !cancelled) {
                    String line = queue.poll();
                    if (line == null) {
                        break;
                    }
                    waiting.decrementAndGet();
                    demand.decrementAndGet();
                    to.onNext(line);
                }
                if (closed && queue.isEmpty() && !completed && !cancelled) {
                    completed = true;
                    to.onComplete();
                }
            }
        } while (drains.decrementAndGet() != 0);
    }
}
