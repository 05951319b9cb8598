package dev.hoshu.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoshu.tunnel.pki.DeviceCertificates;
import dev.hoshu.tunnel.tls.HandshakeRehearsal;
import dev.hoshu.tunnel.tls.TunnelTls;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TunnelTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private final TestPki pki = TestPki.create("hoshu device CA");
    private final List<DeviceIdentity> opened = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> toClose = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
    }

    private InetSocketAddress startBroker(TunnelListener listener) {
        return startBroker(listener, pki.serverConfig());
    }

    private InetSocketAddress startBroker(TunnelListener listener, TunnelServerConfig config) {
        TunnelServer server = new TunnelServer(config, listener, null);
        toClose.add(server);
        return server.start();
    }

    private TunnelClient startAgent(InetSocketAddress broker, TestPki.Device device, Duration idle,
            AtomicInteger connects) {
        TunnelClientConfig config = new TunnelClientConfig("127.0.0.1", broker.getPort(), device.keys().getPrivate(),
                device.chain(), List.of(pki.ca()), idle, Duration.ofSeconds(5), Duration.ofMillis(10), Duration.ofMillis(50));
        TunnelClient client = new TunnelClient(config, channel -> connects.incrementAndGet());
        toClose.add(client);
        client.start();
        return client;
    }

    @Test
    void aBrokerThatClosesBeforeTlsIsBusyButOneThatStaysSilentIsNot() throws Exception {
        InetSocketAddress busy = startBroker(new TunnelListener() {
            @Override
            public void tunnelOpened(DeviceIdentity device, io.netty.channel.Channel channel) {
                opened.add(device);
            }

            @Override
            public java.util.Optional<String> busy() {
                return java.util.Optional.of("broker busy: 16 tunnels are waiting for their SSH login");
            }
        }, withoutLobby(pki.serverConfig()));
        TunnelClient toBusy = startAgent(busy, pki.device("CT-01", "hosp-a"), null, new AtomicInteger());
        Eventually.waitFor("a redial after the busy close", WAIT, () -> toBusy.lastRedial() != null);
        assertEquals("broker 127.0.0.1:" + busy.getPort() + " closed the connection before TLS (busy)",
                toBusy.lastRedial());

        java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        toClose.add(silent);
        TunnelClientConfig config = new TunnelClientConfig("127.0.0.1", silent.getLocalPort(),
                pki.device("CT-02", "hosp-a").keys().getPrivate(), pki.device("CT-02", "hosp-a").chain(),
                List.of(pki.ca()), null, Duration.ofMillis(300), Duration.ofMillis(10), Duration.ofMillis(50));
        TunnelClient toSilent = new TunnelClient(config, channel -> { });
        toClose.add(toSilent);
        toSilent.start();
        Eventually.waitFor("a redial after the silent broker's timeout", WAIT, () -> toSilent.lastRedial() != null);
        assertTrue(toSilent.lastRedial().startsWith("TLS handshake with broker 127.0.0.1:" + silent.getLocalPort()
                + " failed"), toSilent.lastRedial());
        assertTrue(opened.isEmpty());
    }

    @Test
    void anAgentWaitingInTheLobbyLongerThanItsSilenceLimitKeepsWaitingForItsTlsAnswer() {
        long busyUntil = System.nanoTime() + Duration.ofMillis(1500).toNanos();
        InetSocketAddress broker = startBroker(new TunnelListener() {
            @Override
            public void tunnelOpened(DeviceIdentity device, Channel channel) {
                opened.add(device);
            }

            @Override
            public java.util.Optional<String> busy() {
                return System.nanoTime() < busyUntil ? java.util.Optional.of("broker busy: logins behind")
                        : java.util.Optional.empty();
            }
        });
        // What the agent had redialed for when its first tunnel came up; its 300 ms silence limit ends that tunnel.
        java.util.concurrent.atomic.AtomicReference<TunnelClient> agent = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicReference<String> redialsBeforeUp = new java.util.concurrent.atomic.AtomicReference<>();
        TestPki.Device device = pki.device("CT-01", "hosp-a");
        agent.set(new TunnelClient(new TunnelClientConfig("127.0.0.1", broker.getPort(), device.keys().getPrivate(),
                device.chain(),
                List.of(pki.ca()), Duration.ofMillis(300), Duration.ofSeconds(10), Duration.ofMillis(10),
                Duration.ofMillis(50)), channel -> redialsBeforeUp.compareAndSet(null,
                        String.valueOf(agent.get().lastRedial()))));
        toClose.add(agent.get());
        agent.get().start();

        Eventually.waitFor("the tunnel up", WAIT, () -> redialsBeforeUp.get() != null && !opened.isEmpty());
        assertEquals("null", redialsBeforeUp.get(), "up on its first connection, after 1.5 s in the lobby");
    }

    /** A broker whose lobby holds nobody: a connection without room is closed at once. */
    private static TunnelServerConfig withoutLobby(TunnelServerConfig base) {
        return new TunnelServerConfig(base.bindHost(), base.port(), base.key(), base.chain(), base.deviceCa(),
                base.handshakeTimeout(), base.maxConcurrentHandshakes(), base.allowTls12(), base.lobbyWait(), 0, -1, Duration.ZERO);
    }

    @Test
    void aServerThatRehearsedOpensItsPortToItsOwnDevicesOnlyAndSaysWhatItRehearsed() {
        TunnelServerConfig base = pki.serverConfig();
        TunnelServerConfig rehearsing = new TunnelServerConfig(base.bindHost(), base.port(), base.key(), base.chain(),
                base.deviceCa(), base.handshakeTimeout(), base.maxConcurrentHandshakes(), base.allowTls12(),
                base.lobbyWait(), -1, -1, Duration.ofMillis(800));
        List<Duration> listenerRehearsed = new CopyOnWriteArrayList<>();
        TunnelServer server = new TunnelServer(rehearsing, new TunnelListener() {
            @Override
            public void tunnelOpened(DeviceIdentity device, Channel channel) {
                opened.add(device);
            }

            @Override
            public java.util.Optional<String> rehearse(Duration budget, java.util.function.BooleanSupplier stop) {
                listenerRehearsed.add(budget);
                return java.util.Optional.of("rehearsed what follows a handshake");
            }
        }, null);
        toClose.add(server);

        InetSocketAddress broker = server.start();

        assertEquals(List.of(Duration.ofMillis(800)), listenerRehearsed, "the listener rehearsed before the port opened");

        HandshakeRehearsal.Result rehearsed = server.rehearsal().orElseThrow();
        assertTrue(rehearsed.handshakes() > 0 && rehearsed.problem() == null, rehearsed.toString());
        startAgent(broker, pki.device("CT-01", "hosp-a"), null, new AtomicInteger());
        Eventually.waitFor("the port's own device up", WAIT, () -> opened.size() == 1);
        TunnelClient stranger = startAgent(broker, TestPki.create("another CA").device("CT-09", "hosp-a"), null,
                new AtomicInteger());
        Eventually.waitFor("the stranger turned away", WAIT, () -> stranger.lastRedial() != null);
        assertEquals(List.of("CT-01"), opened.stream().map(DeviceIdentity::deviceId).toList());
        assertTrue(!stranger.isConnected(), stranger.lastRedial());
    }

    @Test
    void brokerLearnsTheDeviceFromItsCertificate() {
        InetSocketAddress broker = startBroker((device, channel) -> opened.add(device));
        AtomicInteger connects = new AtomicInteger();

        TunnelClient agent = startAgent(broker, pki.device("CT-01", "hosp-a"), null, connects);

        Eventually.waitFor("tunnel opened", WAIT, () -> !opened.isEmpty() && connects.get() == 1);
        assertEquals("CT-01", opened.get(0).deviceId());
        assertEquals("hosp-a", opened.get(0).hospital());
        assertTrue(agent.isConnected());
    }

    @Test
    void clientsOnASharedLoopDialFromTheGivenSourceAddressAndLeaveTheLoopRunningWhenClosed() throws Exception {
        java.util.Map<String, java.net.SocketAddress> from = new java.util.concurrent.ConcurrentHashMap<>();
        InetSocketAddress broker = startBroker((device, channel) -> from.put(device.deviceId(), channel.remoteAddress()));
        EventLoopGroup shared = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        java.util.concurrent.ExecutorService callbacks = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            List<TunnelClient> clients = new java.util.ArrayList<>();
            for (int i = 2; i <= 3; i++) {
                TestPki.Device device = pki.device("CT-0" + i, "hosp-a");
                TunnelClientConfig config = new TunnelClientConfig("127.0.0.1", broker.getPort(),
                        device.keys().getPrivate(), device.chain(), pki.ca());
                TunnelClient client = new TunnelClient(config, channel -> { }, shared, callbacks,
                        java.net.InetAddress.getByName("127.0.0." + i));
                clients.add(client);
                client.start();
            }

            Eventually.waitFor("both tunnels", WAIT, () -> from.size() == 2);
            assertEquals("127.0.0.2", ((InetSocketAddress) from.get("CT-02")).getAddress().getHostAddress());
            assertEquals("127.0.0.3", ((InetSocketAddress) from.get("CT-03")).getAddress().getHostAddress());
            clients.get(0).close();
            assertTrue(!shared.isShuttingDown() && !callbacks.isShutdown(), "closing one client stops shared threads");
            Eventually.waitFor("the other still connected", WAIT, () -> clients.get(1).isConnected());
            clients.get(1).close();
        } finally {
            shared.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            callbacks.shutdownNow();
        }
    }

    @Test
    void agentRedialsWhenTheBrokerDropsTheTunnel() {
        InetSocketAddress broker = startBroker((device, channel) -> {
            opened.add(device);
            if (opened.size() < 3) {
                channel.close();
            }
        });

        startAgent(broker, pki.device("CT-01", "hosp-a"), null, new AtomicInteger());

        Eventually.waitFor("three tunnels", WAIT, () -> opened.size() == 3);
    }

    @Test
    void agentClosesASilentTunnelAndRedials() {
        InetSocketAddress broker = startBroker((device, channel) -> opened.add(device));

        startAgent(broker, pki.device("CT-01", "hosp-a"), Duration.ofMillis(300), new AtomicInteger());

        Eventually.waitFor("a second tunnel after the first went silent", WAIT, () -> opened.size() >= 2);
    }

    @Test
    void brokerRefusesADeviceCertificateFromAnotherCa() throws Exception {
        InetSocketAddress broker = startBroker((device, channel) -> opened.add(device));
        TestPki other = TestPki.create("hoshu device CA");
        TestPki.Device stranger = other.device("CT-01", "hosp-a");

        Channel channel = dial(broker, TunnelTls.clientContext(stranger.keys().getPrivate(), stranger.chain(),
                pki.ca()));

        assertTrue(channel.closeFuture().await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "broker must hang up");
        assertEquals(List.of(), opened);
    }

    @Test
    void brokerRefusesAnExpiredDeviceCertificateAndSaysWhoseAndWhen() throws Exception {
        List<String> refusals = new CopyOnWriteArrayList<>();
        InetSocketAddress broker = startBroker(new TunnelListener() {
            @Override
            public void tunnelOpened(DeviceIdentity device, Channel channel) {
                opened.add(device);
            }

            @Override
            public void tunnelRefused(String claimedDevice, java.net.SocketAddress from, String reason) {
                refusals.add(claimedDevice + ": " + reason);
            }
        });
        java.security.KeyPair keys = DeviceCertificates.newEcKey();
        java.time.Instant expiredAt = java.time.Instant.parse("2026-01-01T00:00:00Z");
        X509Certificate expired = DeviceCertificates.issueDevice(DeviceCertificates.csr(keys, "CT-01"), "CT-01",
                "hosp-a", pki.caKeys(), pki.ca(), expiredAt.minus(Duration.ofDays(1)), expiredAt);

        Channel channel = dial(broker, TunnelTls.clientContext(keys.getPrivate(), List.of(expired, pki.ca()),
                pki.ca()));

        assertTrue(channel.closeFuture().await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "broker must hang up");
        Eventually.waitFor("the refusal reported", WAIT, () -> !refusals.isEmpty());
        assertEquals(List.of("CT-01: certificate of device CT-01 expired at 2026-01-01 09:00 JST"), refusals);
        assertEquals(List.of(), opened);
    }

    @Test
    void agentRefusesABrokerNotUnderThePinnedCa() throws Exception {
        TestPki impostor = TestPki.create("hoshu device CA");
        TunnelServer server = new TunnelServer(impostor.serverConfig(), (device, channel) -> opened.add(device), null);
        toClose.add(server);
        InetSocketAddress broker = server.start();
        TestPki.Device device = pki.device("CT-01", "hosp-a");

        Channel channel = dial(broker, TunnelTls.clientContext(device.keys().getPrivate(), device.chain(), pki.ca()));

        assertTrue(channel.closeFuture().await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "agent must hang up");
        assertEquals(List.of(), opened);
    }

    private Channel dial(InetSocketAddress broker, SSLContext context) throws InterruptedException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        toClose.add(() -> group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly());
        return new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(TunnelTls.clientHandler(context, "127.0.0.1", broker.getPort(),
                                Duration.ofSeconds(5)));
                    }
                }).connect(broker).sync().channel();
    }
}
