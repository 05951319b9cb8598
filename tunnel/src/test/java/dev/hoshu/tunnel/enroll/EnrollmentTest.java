package dev.hoshu.tunnel.enroll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoshu.tunnel.DeviceIdentity;
import dev.hoshu.tunnel.Eventually;
import dev.hoshu.tunnel.TestPki;
import dev.hoshu.tunnel.TunnelServer;
import dev.hoshu.tunnel.pki.DeviceCertificates;
import dev.hoshu.tunnel.pki.PemFiles;
import dev.hoshu.tunnel.tls.TunnelTls;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EnrollmentTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final TestPki pki = TestPki.create("hoshu device CA");
    private final AtomicInteger authorityCalls = new AtomicInteger();
    /** What the broker was told of refusals its authority never saw, so it can audit them. */
    private final List<String> earlyRefusals = new java.util.concurrent.CopyOnWriteArrayList<>();
    private TunnelServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Signs any CSR for CT-01 of hosp-a if the token is "tok-1", as the broker would. */
    private EnrollmentResponse signIfKnown(EnrollmentRequest request) throws EnrollmentRefusedException {
        authorityCalls.incrementAndGet();
        JoinToken token = JoinToken.parse(request.token());
        if (!token.tokenId().equals("tok-1")) {
            throw new EnrollmentRefusedException("join token already used");
        }
        PKCS10CertificationRequest csr = PemFiles.readCsr(request.csr());
        X509Certificate device = DeviceCertificates.issueDevice(csr, "CT-01", "hosp-a", pki.caKeys(), pki.ca(),
                Duration.ofDays(7));
        return new EnrollmentResponse("CT-01", "hosp-a", PemFiles.toPem(List.of(device, pki.ca())),
                PemFiles.toPem(pki.ca()), "ecdsa-sha2-nistp256 AAAA broker");
    }

    private InetSocketAddress startBroker() {
        return startBroker(pki.serverConfig());
    }

    private InetSocketAddress startBroker(dev.hoshu.tunnel.TunnelServerConfig config) {
        EnrollmentAuthority authority = new EnrollmentAuthority() {
            @Override
            public EnrollmentResponse enroll(EnrollmentRequest request) throws EnrollmentRefusedException {
                return signIfKnown(request);
            }

            @Override
            public void refusedEarly(java.net.SocketAddress from, String reason) {
                earlyRefusals.add(reason);
            }
        };
        server = new TunnelServer(config, (device, channel) -> channel.close(), authority);
        return server.start();
    }

    private static EnrollmentRequest requestFor(KeyPair keys, JoinToken token) {
        return new EnrollmentRequest(token.format(), PemFiles.toPem(DeviceCertificates.csr(keys, "CT-01")), "0.1.0");
    }

    @Test
    void enrollsWithAValidTokenAndGetsACertificateNamingTheDevice() throws Exception {
        InetSocketAddress broker = startBroker();
        KeyPair keys = DeviceCertificates.newEcKey();
        JoinToken token = new JoinToken("tok-1", "s3cret", JoinToken.caPin(pki.ca()));

        EnrollmentResponse response = new EnrollmentClient(TIMEOUT)
                .enroll("127.0.0.1", broker.getPort(), token, requestFor(keys, token));

        List<X509Certificate> chain = PemFiles.readCertificates(response.certificateChain());
        DeviceIdentity identity = DeviceCertificates.identityOf(chain.get(0));
        assertEquals("CT-01", identity.deviceId());
        assertEquals("hosp-a", identity.hospital());
        assertEquals(keys.getPublic(), chain.get(0).getPublicKey());
        assertEquals(pki.ca(), PemFiles.readCertificate(response.caCertificate()));
    }

    @Test
    void agentRefusesABrokerWhoseCaDoesNotMatchThePin() throws Exception {
        InetSocketAddress broker = startBroker();
        TestPki impostor = TestPki.create("impostor CA");
        JoinToken token = new JoinToken("tok-1", "s3cret", JoinToken.caPin(impostor.ca()));

        EnrollmentRefusedException refused = assertThrows(EnrollmentRefusedException.class,
                () -> new EnrollmentClient(TIMEOUT).enroll("127.0.0.1", broker.getPort(), token,
                        requestFor(DeviceCertificates.newEcKey(), token)));

        assertEquals("broker certificate does not match the token's CA pin", refused.getMessage());
        assertEquals(0, authorityCalls.get(), "the CSR and token must never reach an unpinned broker");
    }

    @Test
    void brokerRefusalReachesTheAgentAsOneLine() throws Exception {
        InetSocketAddress broker = startBroker();
        JoinToken token = new JoinToken("tok-used", "s3cret", JoinToken.caPin(pki.ca()));

        EnrollmentRefusedException refused = assertThrows(EnrollmentRefusedException.class,
                () -> new EnrollmentClient(TIMEOUT).enroll("127.0.0.1", broker.getPort(), token,
                        requestFor(DeviceCertificates.newEcKey(), token)));

        assertEquals("join token already used", refused.getMessage());
    }

    @Test
    void anEnrollmentWaitsInABusyBrokersLobbyAndIsAnsweredWhenItsTurnComes() throws Exception {
        dev.hoshu.tunnel.TunnelServerConfig base = pki.serverConfig();
        // One handshake at a time, and a peer that holds it silently until the broker cuts it after 1.5 s.
        InetSocketAddress broker = startBroker(new dev.hoshu.tunnel.TunnelServerConfig(base.bindHost(), 0, base.key(),
                base.chain(), base.deviceCa(), Duration.ofMillis(1500), 1, false));
        try (java.net.Socket silent = new java.net.Socket(broker.getAddress(), broker.getPort())) {
            Eventually.waitFor("the silent peer to hold the only handshake", Duration.ofSeconds(5),
                    () -> server.handshakesInProgress() == 1);
            JoinToken token = new JoinToken("tok-1", "s3cret", JoinToken.caPin(pki.ca()));

            IOException impatient = assertThrows(IOException.class, () -> new EnrollmentClient(Duration.ofMillis(300))
                    .enroll("127.0.0.1", broker.getPort(), token, requestFor(DeviceCertificates.newEcKey(), token)));
            assertFalse(impatient.getMessage().contains("\n"), impatient.getMessage());
            assertEquals(0, authorityCalls.get(), "nothing was asked of the broker, so the token is not used up");

            long start = System.nanoTime();
            EnrollmentResponse response = new EnrollmentClient(Duration.ofSeconds(2), TIMEOUT)
                    .enroll("127.0.0.1", broker.getPort(), token, requestFor(DeviceCertificates.newEcKey(), token));

            assertEquals("CT-01", response.deviceId());
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(500),
                    "it waited in the lobby for the silent peer's handshake to be cut");
        }
    }

    @Test
    void unreachableBrokerIsOneLine() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        JoinToken token = new JoinToken("tok-1", "s3cret", JoinToken.caPin(pki.ca()));

        IOException failure = assertThrows(IOException.class, () -> new EnrollmentClient(TIMEOUT)
                .enroll("127.0.0.1", closedPort, token, requestFor(DeviceCertificates.newEcKey(), token)));

        assertEquals("cannot reach broker 127.0.0.1:" + closedPort + ": connection refused", failure.getMessage());
    }

    @Test
    void oversizeFrameIsAnsweredWithAnErrorAndClosed() throws Exception {
        InetSocketAddress broker = startBroker();
        ByteBuf frame = Unpooled.buffer();
        frame.writeInt(1024 * 1024);
        frame.writeBytes(new byte[70 * 1024]);

        String answer = rawExchange(broker, frame);

        assertTrue(answer.contains("{\"error\":\"enrollment frame exceeds 64 KiB\"}"), answer);
        assertEquals(0, authorityCalls.get());
        dev.hoshu.tunnel.Eventually.waitFor("the broker to be told", TIMEOUT, () -> !earlyRefusals.isEmpty());
        assertEquals(List.of("enrollment frame exceeds 64 KiB"), earlyRefusals);
    }

    @Test
    void malformedJsonIsAnsweredWithAnErrorAndClosed() throws Exception {
        InetSocketAddress broker = startBroker();
        byte[] body = "{\"token\": \"../../etc/passwd\", \"csr\": [".getBytes(StandardCharsets.UTF_8);
        ByteBuf frame = Unpooled.buffer();
        frame.writeInt(body.length);
        frame.writeBytes(body);

        String answer = rawExchange(broker, frame);

        assertTrue(answer.contains("{\"error\":\"malformed enrollment request\"}"), answer);
        assertEquals(0, authorityCalls.get());
        dev.hoshu.tunnel.Eventually.waitFor("the broker to be told", TIMEOUT, () -> !earlyRefusals.isEmpty());
        assertEquals(List.of("malformed enrollment request"), earlyRefusals);
    }

    @Test
    void forgedCsrSignatureIsRefusedByTheIssuer() {
        KeyPair keys = DeviceCertificates.newEcKey();
        KeyPair other = DeviceCertificates.newEcKey();
        PKCS10CertificationRequest honest = DeviceCertificates.csr(keys, "CT-01");
        PKCS10CertificationRequest forged = DeviceCertificates.csr(new KeyPair(other.getPublic(), keys.getPrivate()),
                "CT-01");

        assertThrows(IllegalArgumentException.class, () -> DeviceCertificates.issueDevice(forged, "CT-01", "hosp-a",
                pki.caKeys(), pki.ca(), Duration.ofDays(1)));
        assertThrows(IllegalArgumentException.class, () -> DeviceCertificates.issueDevice(honest, "../CT-01",
                "hosp-a", pki.caKeys(), pki.ca(), Duration.ofDays(1)));
        assertThrows(IllegalArgumentException.class, () -> DeviceCertificates.issueDevice(honest, "CT-01",
                "hosp-a/evil", pki.caKeys(), pki.ca(), Duration.ofDays(1)));
    }

    /** Speaks TLS with the right ALPN but writes raw bytes, returning everything the broker sent back. */
    private String rawExchange(InetSocketAddress broker, ByteBuf frame) throws Exception {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Consumer<ChannelHandlerContext> sendFrame = ctx -> ctx.writeAndFlush(frame);
            Channel channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(TunnelTls.clientHandler(
                                    TunnelTls.enrollmentContext(JoinToken.caPin(pki.ca())), "127.0.0.1",
                                    broker.getPort(), TIMEOUT));
                            ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                                @Override
                                public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                                    if (evt instanceof SslHandshakeCompletionEvent done && done.isSuccess()) {
                                        sendFrame.accept(ctx);
                                    }
                                }

                                @Override
                                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                    ByteBuf buf = (ByteBuf) msg;
                                    byte[] bytes = new byte[buf.readableBytes()];
                                    buf.readBytes(bytes);
                                    buf.release();
                                    synchronized (received) {
                                        received.writeBytes(bytes);
                                    }
                                }
                            });
                        }
                    }).connect(broker).sync().channel();
            assertTrue(channel.closeFuture().await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
                    "broker must close the connection after refusing");
            assertFalse(channel.isActive());
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        synchronized (received) {
            return received.toString(StandardCharsets.UTF_8);
        }
    }
}
