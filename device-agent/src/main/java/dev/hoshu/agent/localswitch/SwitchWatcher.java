package dev.hoshu.agent.localswitch;

import dev.hoshu.agent.runner.RunningTools;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the switch file while the agent runs: a file-system event reacts at once, and a check every
 * {@link #CHECK_EVERY} catches what the watch service misses (network file systems, overflow). While the switch is
 * off, every running tool is ended; new ones are refused by the runner's gate.
 */
public final class SwitchWatcher implements AutoCloseable {

    static final Duration CHECK_EVERY = Duration.ofMillis(500);
    private static final Logger log = LoggerFactory.getLogger(SwitchWatcher.class);

    private final OnSiteSwitch onSite;
    private final RunningTools tools;
    private final ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "hoshu-onsite-switch");
        thread.setDaemon(true);
        return thread;
    });
    private final WatchService watch;
    private final SwitchReporter reporter;
    private volatile boolean wasOff;

    private SwitchWatcher(OnSiteSwitch onSite, RunningTools tools, WatchService watch, SwitchReporter reporter) {
        this.onSite = onSite;
        this.tools = tools;
        this.watch = watch;
        this.reporter = reporter;
    }

    /** Starts watching, telling no broker; if the switch is already off, says so in the log at once. */
    public static SwitchWatcher start(OnSiteSwitch onSite, RunningTools tools) throws IOException {
        return start(onSite, tools, null);
    }

    /** Starts watching; each change is also passed to {@code reporter} for the broker (after the tools ended). */
    public static SwitchWatcher start(OnSiteSwitch onSite, RunningTools tools, SwitchReporter reporter)
            throws IOException {
        WatchService watch = FileSystems.getDefault().newWatchService();
        onSite.file().getParent().register(watch, StandardWatchEventKinds.ENTRY_CREATE,
                StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
        SwitchWatcher watcher = new SwitchWatcher(onSite, tools, watch, reporter);
        watcher.check();
        watcher.checks.scheduleWithFixedDelay(watcher::check, CHECK_EVERY.toMillis(), CHECK_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        Thread events = new Thread(watcher::awaitEvents, "hoshu-onsite-switch-events");
        events.setDaemon(true);
        events.start();
        return watcher;
    }

    private void awaitEvents() {
        try {
            while (true) {
                var key = watch.take();
                key.pollEvents();
                check();
                if (!key.reset()) {
                    return;
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // Closing the agent.
        }
    }

    private synchronized void check() {
        boolean off = onSite.isOff();
        boolean changed = off != wasOff;
        // The tools are ended before the note is read: nothing the file holds may delay that.
        int ended = off && tools.count() > 0 ? tools.endAll(onSite.reason()) : 0;
        if (off && !wasOff) {
            log.warn("{}: {}", onSite.reason(), onSite.note().orElse(""));
        } else if (!off && wasOff) {
            log.info("remote maintenance switched back on on site");
        }
        wasOff = off;
        if (ended > 0) {
            log.warn("ended {} running session(s): {}", ended, onSite.reason());
        }
        // The tools are ended first: the switch must never wait for the broker.
        if (changed && reporter != null) {
            reporter.changed(onSite.report());
        }
    }

    @Override
    public void close() throws IOException {
        checks.shutdownNow();
        watch.close();
    }
}
