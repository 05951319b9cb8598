package dev.hoshu.broker.gateway;

import dev.hoshu.broker.reversetunnel.Eventually;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;

/** An observer's end of a live view: keeps the lines, reads as much as it is told to, and can leave. */
final class ViewReader implements Flow.Subscriber<String> {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final long firstRequest;
    private volatile Flow.Subscription subscription;
    private volatile boolean complete;

    /** @param firstRequest how many lines to read before being told to read more ({@link Long#MAX_VALUE}: all) */
    private ViewReader(long firstRequest) {
        this.firstRequest = firstRequest;
    }

    static ViewReader reading(Flow.Publisher<String> view) {
        return readingAtMost(view, Long.MAX_VALUE);
    }

    static ViewReader readingAtMost(Flow.Publisher<String> view, long lines) {
        ViewReader reader = new ViewReader(lines);
        view.subscribe(reader);
        return reader;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(firstRequest);
    }

    @Override
    public void onNext(String line) {
        lines.add(line);
    }

    @Override
    public void onError(Throwable failure) {
        lines.add("<error " + failure + ">");
        complete = true;
    }

    @Override
    public void onComplete() {
        complete = true;
    }

    void readAll() {
        subscription.request(Long.MAX_VALUE);
    }

    void leave() {
        subscription.cancel();
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    boolean complete() {
        return complete;
    }

    void awaitLine(String fragment) {
        Eventually.waitFor("a live line with " + fragment + " (lines so far: " + lines + ")", WAIT,
                () -> lines.stream().anyMatch(line -> line.contains(fragment)));
    }

    void awaitEnd() {
        Eventually.waitFor("the end of the live view (lines so far: " + lines + ")", WAIT, () -> complete);
    }
}
