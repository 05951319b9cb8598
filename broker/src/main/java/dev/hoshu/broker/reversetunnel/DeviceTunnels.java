package dev.hoshu.broker.reversetunnel;

import dev.hoshu.tunnel.DeviceIdentity;
import dev.hoshu.tunnel.TunnelListener;
import dev.hoshu.tunnel.control.ControlRequests;
import dev.hoshu.tunnel.ssh.SshOverNetty;
import io.netty.channel.Channel;
import java.io.IOException;
import java.net.SocketAddress;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.client.ClientBuilder;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.channel.RequestHandler;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.ConnectionServiceRequestHandler;
import org.apache.sshd.core.CoreModuleProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SSH client side of every device tunnel: one MINA client session per connected device, bound to
 * the TLS channel the device opened. The broker authenticates with its own key and accepts only the
 * host key equal to the device certificate's key, so the SSH layer speaks to the device TLS proved.
 * Before SSH starts the {@link DeviceAuthority} admits the device (not decommissioned, a certificate it
 * issued last or the one before); once up, the device reports its inventory and its clock is measured.
 */
public final class DeviceTunnels implements TunnelListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeviceTunnels.class);
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(15);
    // Three missed keepalives end a tunnel, matching the agent's 45 s silence limit for 15 s beats.
    private static final int MISSED_KEEPALIVES = 3;
    /**
     * SSH logins over tunnels at a time. Each costs a key exchange on both ends; when a thousand agents dial at once
     * (a restart), unbounded logins share the cores until every one misses its 15 s limit and nobody gets in. Bounded,
     * they finish in turn.
     */
    /**
     * The broker is the SSH client of every tunnel, so it makes the ephemeral key pair of every key exchange. MINA's
     * first choice, sntrup761x25519, costs a pure-Java NTRU Prime key generation each time: two thirds of the
     * broker's CPU per handshake in the tunnel benchmark. ML-KEM-768 with X25519 is as post-quantum and a small
     * fraction of that; the others stay for agents whose SSH library lacks it.
     */
    static final List<BuiltinDHFactories> TUNNEL_KEY_EXCHANGE = List.of(BuiltinDHFactories.mlkem768x25519,
            BuiltinDHFactories.curve25519, BuiltinDHFactories.curve25519_libssh, BuiltinDHFactories.sntrup761x25519,
            BuiltinDHFactories.sntrup761x25519_openssh);
    static final int CONCURRENT_LOGINS = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    /** A tunnel waits at most this long for a login slot: under the agent's 45 s silence limit, so it hears why. */
    static final Duration LOGIN_QUEUE_LIMIT = Duration.ofSeconds(30);
    /**
     * Tunnels past TLS and not yet logged in to or refused, beyond which the tunnel port refuses new connections
     * before their TLS handshake. Enough to keep every login slot busy; more would only wait, and a tunnel that
     * waits longer than its agent does is a full handshake wasted and an agent backing off further.
     */
    static final int BIND_BACKLOG = 4 * CONCURRENT_LOGINS;

    private record Tunnel(ClientSession session, LiveTunnel view) {
    }

    private final LongAdder handshakesCompleted = new LongAdder();
    private final LongAdder handshakesRefused = new LongAdder();
    private final SshClient client;
    private final DeviceAuthority authority;
    private final InventoryQuery inventory;
    private final Clock clock;
    private final Map<String, Tunnel> tunnels = new ConcurrentHashMap<>();
    // Binding waits for the SSH handshake, which must not happen on the Netty event loop carrying it.
    private final ExecutorService binder = Executors.newCachedThreadPool(new BinderThreads());
    private final java.util.concurrent.Semaphore logins = new java.util.concurrent.Semaphore(CONCURRENT_LOGINS, true);
    // One login per device at a time: a device (or a stolen certificate) dialing over and over cannot take the
    // login slots every other device needs.
    private final Set<String> loggingIn = ConcurrentHashMap.newKeySet();
    private final AtomicInteger awaitingBind = new AtomicInteger();
    // Set when the node drains: a tunnel opened now would only be cut at the drain's end.
    private volatile String refusingNew;
    private final List<TunnelPresence> presence = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.security.PublicKey brokerSshKey;

    public DeviceTunnels(KeyPair brokerSshKey, Duration keepAlive, DeviceAuthority authority, Clock clock) {
        this.authority = authority;
        this.brokerSshKey = brokerSshKey.getPublic();
        this.inventory = new InventoryQuery(clock);
        this.clock = clock;
        client = SshClient.setUpDefaultClient();
        // Inside the tunnel, AES-GCM first: the JVM runs it on the CPU's AES instructions, while MINA's
        // ChaCha20-Poly1305 is pure Java, and every byte of every session passes this layer.
        client.setCipherFactories(List.of(BuiltinCiphers.aes128gcm, BuiltinCiphers.aes256gcm,
                BuiltinCiphers.cc20p1305_openssh));
        client.setKeyExchangeFactories(TUNNEL_KEY_EXCHANGE.stream().map(ClientBuilder.DH2KEX).toList());
        client.setKeyIdentityProvider(KeyIdentityProvider.wrapKeyPairs(brokerSshKey));
        client.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        // Each tunnel gets its own verifier bound to its device certificate; anything else is refused.
        client.setServerKeyVerifier(RejectAllServerKeyVerifier.INSTANCE);
        List<RequestHandler<ConnectionService>> control = new ArrayList<>(client.getGlobalRequestHandlers());
        control.add(new RenewalHandler(authority, binder));
        control.add(new SwitchHandler(authority, binder));
        // Answered plainly, so the agent's fail-safe pings do not log an "unknown request" warning each time.
        control.add((ConnectionServiceRequestHandler) (service, request, wantReply, buffer) ->
                ControlRequests.ALIVE.equals(request) ? RequestHandler.Result.ReplySuccess
                        : RequestHandler.Result.Unsupported);
        client.setGlobalRequestHandlers(control);
        CoreModuleProperties.HEARTBEAT_INTERVAL.set(client, keepAlive);
        CoreModuleProperties.HEARTBEAT_REPLY_WAIT.set(client, keepAlive.multipliedBy(MISSED_KEEPALIVES));
        client.start();
    }

    @Override
    public void tunnelOpened(DeviceIdentity device, Channel channel) {
        handshakesCompleted.increment();
        awaitingBind.incrementAndGet();
        try {
            binder.execute(() -> {
                ClientSession session;
                try {
                    session = admitThenLogIn(device, channel);
                } finally {
                    awaitingBind.decrementAndGet();
                }
                // The inventory answer waits on the device, not on the broker: it holds no place in the backlog.
                if (session != null) {
                    report(device, session);
                }
            });
        } catch (RuntimeException e) {
            awaitingBind.decrementAndGet();
            throw e;
        }
    }

    /** Logs in to a throwaway device over in-memory channels, as to each new tunnel ({@link LoginRehearsal}). */
    @Override
    public Optional<String> rehearse(Duration budget, java.util.function.BooleanSupplier stop) {
        LoginRehearsal.Result done = LoginRehearsal.run(client, brokerSshKey, budget, stop);
        return Optional.of(done.problem() == null
                ? "rehearsed " + done.logins() + " SSH logins over tunnels in memory in " + done.took().toMillis()
                        + " ms before the tunnel port opened"
                : "SSH login rehearsal stopped after " + done.logins() + " logins: " + done.problem());
    }

    @Override
    public Optional<String> busy() {
        int waiting = awaitingBind.get();
        return waiting < BIND_BACKLOG ? Optional.empty()
                : Optional.of("broker busy: " + waiting + " tunnels are waiting for their SSH login; the agent redials "
                        + "after its backoff");
    }

    @Override
    public void tunnelRefused(String claimedDevice, SocketAddress from, String reason) {
        handshakesRefused.increment();
        authority.handshakeRefused(claimedDevice, from, reason);
    }

    /** The devices whose SSH login over a new tunnel is under way (waiting for a slot or logging in). */
    Set<String> loginsUnderWay() {
        return Set.copyOf(loggingIn);
    }

    /** Handshakes that presented a device certificate of a trusted CA, since start (admitted or not). */
    public long handshakesCompleted() {
        return handshakesCompleted.sum();
    }

    /** Handshakes refused before admission (expired, foreign or retired certificate), since start. */
    public long handshakesRefused() {
        return handshakesRefused.sum();
    }

    /** The device's live SSH session, if its tunnel is up. */
    public Optional<ClientSession> session(String deviceId) {
        return open(deviceId).map(Tunnel::session);
    }

    /** The device's tunnel on this node, if it is up. */
    public Optional<LiveTunnel> live(String deviceId) {
        return open(deviceId).map(Tunnel::view);
    }

    /** The device clock minus the broker's as measured on its live tunnel, if known. */
    public Optional<Long> clockOffsetMs(String deviceId) {
        return live(deviceId).map(LiveTunnel::clockOffsetMs);
    }

    /** Adds a handler for control requests the devices send; call before devices connect. */
    public void handleControl(RequestHandler<ConnectionService> handler) {
        List<RequestHandler<ConnectionService>> handlers = new ArrayList<>(client.getGlobalRequestHandlers());
        handlers.add(handler);
        client.setGlobalRequestHandlers(handlers);
    }

    /** Tells {@code listener} of every tunnel that comes up or goes down on this node from now on. */
    public void watchPresence(TunnelPresence listener) {
        presence.add(listener);
    }

    /** The device whose tunnel carries {@code session}, once the broker has logged in to it. */
    public static Optional<String> deviceOf(org.apache.sshd.common.session.Session session) {
        return Optional.ofNullable(session.getAttribute(RenewalHandler.DEVICE)).map(DeviceIdentity::deviceId);
    }

    public Set<String> onlineDevices() {
        return new TreeSet<>(tunnels.keySet());
    }

    /**
     * Closes the device's tunnel at once (decommissioning); the sessions in it end with it.
     *
     * @return false when the device had no tunnel here
     */
    public boolean disconnect(String deviceId, String reason) {
        Tunnel tunnel = deviceId == null ? null : tunnels.get(deviceId);
        if (tunnel == null) {
            return false;
        }
        log.info("closing the tunnel of device {}: {}", deviceId, reason);
        tunnel.session().close(true);
        return true;
    }

    /** From now on new tunnels are closed at admission, with the reason in the log (the node drains). */
    public void refuseNewTunnels(String reason) {
        refusingNew = reason;
    }

    /**
     * Asks every connected agent to dial another node and let this one go (the node drains); the tunnels stay up
     * for the sessions still running in them.
     *
     * @return how many agents answered within {@code timeout}
     */
    public int askToMove(dev.hoshu.tunnel.control.DrainRequest request, Duration timeout) {
        List<java.util.concurrent.Future<Boolean>> asked = new ArrayList<>();
        for (Map.Entry<String, Tunnel> entry : tunnels.entrySet()) {
            ClientSession session = entry.getValue().session();
            if (!session.isOpen()) {
                continue;
            }
            try {
                asked.add(binder.submit(() -> askToMove(entry.getKey(), session, request, timeout)));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                break;
            }
        }
        int answered = 0;
        for (java.util.concurrent.Future<Boolean> answer : asked) {
            try {
                if (answer.get(timeout.toMillis() + 1000, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    answered++;
                }
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                answer.cancel(true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return answered;
    }

    private boolean askToMove(String deviceId, ClientSession session, dev.hoshu.tunnel.control.DrainRequest request,
            Duration timeout) {
        try {
            dev.hoshu.tunnel.control.DrainAnswer answer = ControlRequests.ask(session, ControlRequests.DRAIN, request,
                    dev.hoshu.tunnel.control.DrainAnswer.class, timeout);
            if (answer.error() != null) {
                log.info("device {} did not move: {}", deviceId, printable(answer.error()));
                return false;
            }
            log.info("device {} moves to {}", deviceId, answer.moving() == null
                    ? "no other node (it keeps this tunnel until it closes)" : printable(answer.moving()));
            return true;
        } catch (IOException e) {
            // An agent older than draining does not know the request: it redials after the tunnel closes.
            log.info("device {} not told to move: {}", deviceId, e.getMessage());
            return false;
        }
    }

    /** What a device says goes to the log as one short printable line. */
    private static String printable(String text) {
        String line = text.replaceAll("[^\\x20-\\x7e]", "?");
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    @Override
    public void close() {
        binder.shutdownNow();
        tunnels.values().forEach(tunnel -> tunnel.session().close(true));
        tunnels.clear();
        client.stop();
    }

    private Optional<Tunnel> open(String deviceId) {
        return Optional.ofNullable(deviceId).map(tunnels::get).filter(t -> t.session().isOpen());
    }

    /** @return the device's SSH session over this tunnel, or {@code null} when the tunnel was refused or closed */
    private ClientSession admitThenLogIn(DeviceIdentity device, Channel channel) {
        SocketAddress connection = channel.remoteAddress();
        try {
            authority.admit(device, connection);
        } catch (TunnelRefusedException e) {
            log.warn("tunnel of device {} ({}) from {} refused: {}", device.deviceId(), device.hospital(), connection,
                    e.getMessage());
            channel.close();
            return null;
        } catch (RuntimeException e) {
            // Fail closed: a ledger that cannot answer admits nobody.
            log.warn("tunnel of device {} ({}) from {} refused: device ledger unavailable: {}", device.deviceId(),
                    device.hospital(), connection, e.toString());
            channel.close();
            return null;
        }
        String draining = refusingNew;
        if (draining != null) {
            log.info("tunnel of device {} ({}) from {} closed: {}; the agent dials another node", device.deviceId(),
                    device.hospital(), connection, draining);
            channel.close();
            return null;
        }
        if (!loggingIn.add(device.deviceId())) {
            log.warn("tunnel of device {} ({}) from {} closed: an SSH login over another tunnel of this device is in "
                    + "progress; the agent redials after its backoff", device.deviceId(), device.hospital(), connection);
            channel.close();
            return null;
        }
        try {
            return login(device, channel, connection);
        } finally {
            loggingIn.remove(device.deviceId());
        }
    }

    /** @return the device's SSH session over this tunnel, or {@code null} when the tunnel was closed instead */
    private ClientSession login(DeviceIdentity device, Channel channel, SocketAddress connection) {
        try {
            if (!logins.tryAcquire(LOGIN_QUEUE_LIMIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                log.warn("tunnel of device {} ({}) from {} closed: broker busy, {} SSH logins over tunnels in progress "
                        + "for {} s; the agent redials after its backoff", device.deviceId(), device.hospital(),
                        connection, CONCURRENT_LOGINS, LOGIN_QUEUE_LIMIT.toSeconds());
                channel.close();
                return null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            channel.close();
            return null;
        }
        try {
            // A tunnel the agent gave up on while it waited is not worth a key exchange.
            return channel.isActive() ? bind(device, channel, connection) : null;
        } finally {
            logins.release();
        }
    }

    private ClientSession bind(DeviceIdentity device, Channel channel, SocketAddress connection) {
        ClientSession session;
        try {
            session = SshOverNetty.client(client, channel, HANDSHAKE_TIMEOUT, new DeviceHostKey(device));
        } catch (IOException | RuntimeException e) {
            log.warn("tunnel from {} ({}) at {} refused: {}", device.deviceId(), device.hospital(), connection,
                    e.getMessage());
            channel.close();
            return null;
        }
        session.setAttribute(RenewalHandler.DEVICE, device);
        Tunnel tunnel = new Tunnel(session, new LiveTunnel(device.deviceId(), clock.instant(), null));
        Tunnel previous = tunnels.put(device.deviceId(), tunnel);
        session.addCloseFutureListener(f -> {
            if (tunnels.remove(device.deviceId(), tunnel)) {
                log.info("device {} ({}) offline: tunnel from {} closed", device.deviceId(), device.hospital(),
                        connection);
                authority.offline(device);
                presence.forEach(listener -> listener.offline(device.deviceId()));
            }
        });
        channel.closeFuture().addListener(f -> session.close(true));
        if (previous != null && previous.session() != session) {
            // A device redials before its old tunnel times out; the newest connection is the live one.
            previous.session().close(true);
        }
        log.info("device {} ({}) online: tunnel from {}", device.deviceId(), device.hospital(), connection);
        presence.forEach(listener -> listener.online(device.deviceId(), tunnel.view().connectedSince()));
        return session;
    }

    /** Inventory is for the ledger, not for access: a device that cannot report keeps its tunnel. */
    private void report(DeviceIdentity device, ClientSession session) {
        try {
            InventoryQuery.Reading reading = inventory.ask(session);
            reading.offset().ifPresent(offset -> tunnels.computeIfPresent(device.deviceId(),
                    (id, tunnel) -> tunnel.session() == session
                            ? new Tunnel(session, tunnel.view().measured(offset.offsetMillis())) : tunnel));
            authority.online(device, reading.report(), reading.offset());
        } catch (IOException | RuntimeException e) {
            log.warn("device {} ({}) did not report its inventory: {}", device.deviceId(), device.hospital(),
                    e.getMessage());
        }
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
