package dev.hoshu.broker.peering;

import dev.hoshu.broker.reversetunnel.TunnelPresence;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's tunnels in the {@link TunnelDirectory}: registered when a tunnel comes up, refreshed every third of
 * the entry's time to live (so two missed refreshes still do not drop it), released when it goes down. Directory
 * writes run on a thread of their own: a slow Redis never holds up a tunnel.
 */
public final class TunnelRegistrar implements TunnelPresence, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TunnelRegistrar.class);

    private final TunnelDirectory directory;
    private final String nodeName;
    private final String peerAddress;
    private final Map<String, TunnelHolder> held = new ConcurrentHashMap<>();
    private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "hoshu-tunnel-directory");
        thread.setDaemon(true);
        return thread;
    });

    public TunnelRegistrar(TunnelDirectory directory, String nodeName, String peerAddress) {
        this.directory = directory;
        this.nodeName = nodeName;
        this.peerAddress = peerAddress;
        long every = Math.max(100, directory.ttl().toMillis() / 3);
        writer.scheduleWithFixedDelay(this::refresh, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void online(String deviceId, Instant since) {
        TunnelHolder holder = new TunnelHolder(nodeName, peerAddress, since);
        held.put(deviceId, holder);
        writer.execute(() -> {
            try {
                directory.register(deviceId, holder);
            } catch (RuntimeException e) {
                log.warn("tunnel of device {} not in the tunnel directory yet: {}; next refresh tries again", deviceId,
                        e.getMessage());
            }
        });
    }

    @Override
    public void offline(String deviceId) {
        TunnelHolder holder = held.remove(deviceId);
        if (holder == null) {
            return;
        }
        writer.execute(() -> {
            try {
                directory.release(deviceId, holder);
            } catch (RuntimeException e) {
                log.warn("tunnel of device {} stays in the tunnel directory until its entry lapses: {}", deviceId,
                        e.getMessage());
            }
        });
    }

    private void refresh() {
        if (held.isEmpty()) {
            return;
        }
        try {
            directory.refresh(Map.copyOf(held));
        } catch (RuntimeException e) {
            log.warn("tunnel directory not refreshed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        held.forEach((device, holder) -> {
            try {
                directory.release(device, holder);
            } catch (RuntimeException e) {
                log.info("tunnel of device {} left to lapse in the directory: {}", device, e.getMessage());
            }
        });
        held.clear();
        writer.shutdownNow();
    }
}
