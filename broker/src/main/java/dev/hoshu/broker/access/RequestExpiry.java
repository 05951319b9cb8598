package dev.hoshu.broker.access;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Expires pending requests nobody decided in time, every minute, so approvers and webhooks hear of an expiry when it
 * happens rather than when someone next lists the requests.
 */
public final class RequestExpiry implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RequestExpiry.class);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "hoshu-request-expiry");
        thread.setDaemon(true);
        return thread;
    });

    public RequestExpiry(AccessRequests requests, Duration every) {
        timer.scheduleWithFixedDelay(() -> {
            try {
                int expired = requests.expireStale();
                if (expired > 0) {
                    log.info("{} pending request(s) expired", expired);
                }
            } catch (RuntimeException e) {
                // The next round tries again; listing and deciding still expire what they touch.
                log.warn("expiring pending requests failed: {}", e.toString());
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
