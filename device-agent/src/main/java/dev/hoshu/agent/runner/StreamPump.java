package dev.hoshu.agent.runner;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one stream into another on its own thread, flushing after every read so the engineer sees
 * output as the tool writes it, not when a buffer fills.
 */
final class StreamPump {

    private static final Logger log = LoggerFactory.getLogger(StreamPump.class);

    private final Thread thread;

    private StreamPump(Thread thread) {
        this.thread = thread;
    }

    /**
     * @param closeTarget close {@code to} at end of input: right for the tool's stdin (EOF must reach
     *                    it), wrong for the channel's streams, which the SSH channel owns
     */
    static StreamPump start(String name, InputStream from, OutputStream to, boolean closeTarget) {
        Thread thread = new Thread(() -> copy(name, from, to, closeTarget), name);
        thread.setDaemon(true);
        thread.start();
        return new StreamPump(thread);
    }

    /** @return true if the copy finished within {@code millis} */
    boolean awaitEnd(long millis) {
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }

    private static void copy(String name, InputStream from, OutputStream to, boolean closeTarget) {
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = from.read(buffer)) >= 0; ) {
                if (n > 0) {
                    to.write(buffer, 0, n);
                    to.flush();
                }
            }
        } catch (IOException e) {
            // The other side went away (channel closed or tool exited): nothing left to copy.
            log.debug("{} ended: {}", name, e.toString());
        } finally {
            if (closeTarget) {
                try {
                    to.close();
                } catch (IOException e) {
                    log.debug("{} close: {}", name, e.toString());
                }
            }
        }
    }
}
