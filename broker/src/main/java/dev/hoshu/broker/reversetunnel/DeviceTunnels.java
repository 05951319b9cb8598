package dev.hoshu.broker.reversetunnel;

import dev.hoshu.tunnel.DeviceIdentity;
import dev.hoshu.tunnel.TunnelListener;
import dev.hoshu.tunnel.ssh.SshOverNetty;
import io.netty.channel.Channel;
import java.io.IOException;
import java.net.SocketAddress;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.core.CoreModuleProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SSH client side of every device tunnel: one MINA client session per connected device, bound to
 * the TLS channel the device opened. The broker authenticates with its own key and accepts only the
 * host key equal to the device certificate's key, so the SSH layer speaks to the device TLS proved.
 */
public final class DeviceTunnels implements TunnelListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeviceTunnels.class);
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(15);
    // Three missed keepalives end a tunnel, matching the agent's 45 s silence limit for 15 s beats.
    private static final int MISSED_KEEPALIVES = 3;

    private final SshClient client;
    private final Map<String, ClientSession> sessions = new ConcurrentHashMap<>();
    // Binding waits for the SSH handshake, which must not happen on the Netty event loop carrying it.
    private final ExecutorService binder = Executors.newCachedThreadPool(new BinderThreads());

    public DeviceTunnels(KeyPair brokerSshKey, Duration keepAlive) {
        client = SshClient.setUpDefaultClient();
        client.setKeyIdentityProvider(KeyIdentityProvider.wrapKeyPairs(brokerSshKey));
        client.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        // Each tunnel gets its own verifier bound to its device certificate; anything else is refused.
        client.setServerKeyVerifier(RejectAllServerKeyVerifier.INSTANCE);
        CoreModuleProperties.HEARTBEAT_INTERVAL.set(client, keepAlive);
        CoreModuleProperties.HEARTBEAT_REPLY_WAIT.set(client, keepAlive.multipliedBy(MISSED_KEEPALIVES));
        client.start();
    }

    @Override
    public void tunnelOpened(DeviceIdentity device, Channel channel) {
        binder.execute(() -> bind(device, channel));
    }

    /** The device's live SSH session, if its tunnel is up. */
    public Optional<ClientSession> session(String deviceId) {
        return Optional.ofNullable(deviceId).map(sessions::get).filter(ClientSession::isOpen);
    }

    public Set<String> onlineDevices() {
        return new TreeSet<>(sessions.keySet());
    }

    @Override
    public void close() {
        binder.shutdownNow();
        sessions.values().forEach(session -> session.close(true));
        sessions.clear();
        client.stop();
    }

    private void bind(DeviceIdentity device, Channel channel) {
        SocketAddress connection = channel.remoteAddress();
        ClientSession session;
        try {
            session = SshOverNetty.client(client, channel, HANDSHAKE_TIMEOUT, new DeviceHostKey(device));
        } catch (IOException | RuntimeException e) {
            log.warn("tunnel from {} ({}) at {} refused: {}", device.deviceId(), device.hospital(), connection,
                    e.getMessage());
            channel.close();
            return;
        }
        ClientSession previous = sessions.put(device.deviceId(), session);
        session.addCloseFutureListener(f -> {
            if (sessions.remove(device.deviceId(), session)) {
                log.info("device {} ({}) offline: tunnel from {} closed", device.deviceId(), device.hospital(),
                        connection);
            }
        });
        channel.closeFuture().addListener(f -> session.close(true));
        if (previous != null && previous != session) {
            // A device redials before its old tunnel times out; the newest connection is the live one.
            previous.close(true);
        }
        log.info("device {} ({}) online: tunnel from {}", device.deviceId(), device.hospital(), connection);
    }

    private static final class BinderThreads implements java.util.concurrent.ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "hoshu-tunnel-bind-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
