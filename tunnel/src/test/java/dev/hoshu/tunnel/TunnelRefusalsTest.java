package dev.hoshu.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoshu.tunnel.tls.Providers;
import dev.hoshu.tunnel.tls.TunnelTls;
import io.netty.channel.Channel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the tunnel port refuses before anyone is authenticated, and that the broker is told of each refusal. */
class TunnelRefusalsTest {

    private final TestPki pki = TestPki.create("hoshu device CA");
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private TunnelServer server;

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private volatile String busy;

    private InetSocketAddress start(Duration handshakeTimeout, int maxHandshakes, boolean allowTls12) {
        return start(handshakeTimeout, maxHandshakes, allowTls12, null, -1);
    }

    private InetSocketAddress start(Duration handshakeTimeout, int maxHandshakes, boolean allowTls12,
            Duration lobbyWait, int lobbySize) {
        return start(handshakeTimeout, maxHandshakes, allowTls12, lobbyWait, lobbySize, -1);
    }

    private InetSocketAddress start(Duration handshakeTimeout, int maxHandshakes, boolean allowTls12,
            Duration lobbyWait, int lobbySize, int descriptorReserve) {
        TunnelListener listener = new TunnelListener() {
            @Override
            public java.util.Optional<String> busy() {
                return java.util.Optional.ofNullable(busy);
            }

            @Override
            public void tunnelOpened(DeviceIdentity device, Channel channel) {
                channel.close();
            }

            @Override
            public void tunnelRefused(String claimedDevice, SocketAddress from, String reason) {
                refusals.add(reason);
            }
        };
        server = new TunnelServer(new TunnelServerConfig("127.0.0.1", 0, pki.serverKeys().getPrivate(),
                List.of(pki.server()), pki.ca(), handshakeTimeout, maxHandshakes, allowTls12, lobbyWait, lobbySize,
                descriptorReserve, Duration.ZERO), listener, null);
        return server.start();
    }

    private Socket silentPeer(InetSocketAddress broker) throws IOException {
        Socket socket = new Socket(broker.getAddress(), broker.getPort());
        sockets.add(socket);
        return socket;
    }

    @Test
    void aPeerThatNeverFinishesTheHandshakeIsCutAndReported() throws IOException {
        InetSocketAddress broker = start(Duration.ofMillis(300), 0, false);

        Socket silent = silentPeer(broker);

        Eventually.waitFor("the slow handshake to be reported", Duration.ofSeconds(10), () -> !refusals.isEmpty());
        assertEquals("TLS handshake failed: no TLS handshake within the handshake timeout (slow or silent peer)",
                refusals.get(0));
        silent.setSoTimeout(5_000);
        assertEquals(-1, silent.getInputStream().read(), "the broker closes the connection");
    }

    @Test
    void aConnectionBeyondTheCapWaitsUnreadAndHandshakesOnceAHandshakeEnds() throws Exception {
        InetSocketAddress broker = start(Duration.ofSeconds(1), 2, false, Duration.ofSeconds(20), -1);
        silentPeer(broker);
        silentPeer(broker);
        Eventually.waitFor("both silent peers to hold a handshake", Duration.ofSeconds(5),
                () -> server.handshakesInProgress() == 2);

        long start = System.nanoTime();
        assertEquals("TLSv1.3", handshake(broker, "TLSv1.3", "TLS_AES_128_GCM_SHA256"),
                "the third connection gets its handshake once a silent one is cut");
        assertTrue(System.nanoTime() - start >= 500_000_000L, "it waited for room rather than starting at once");

        Eventually.waitFor("both silent peers to be reported", Duration.ofSeconds(10), () -> refusals.size() >= 2);
        assertEquals(List.of("TLS handshake failed: no TLS handshake within the handshake timeout (slow or silent peer)",
                "TLS handshake failed: no TLS handshake within the handshake timeout (slow or silent peer)"),
                refusals.subList(0, 2), "nobody was turned away: the third connection waited");
    }

    @Test
    void aConnectionThatFindsNoRoomWithinTheLobbysWaitIsClosedBeforeTlsAndReported() throws IOException {
        InetSocketAddress broker = start(Duration.ofSeconds(30), 1, false, Duration.ofMillis(300), -1);
        silentPeer(broker);
        Eventually.waitFor("the silent peer to hold the only handshake", Duration.ofSeconds(5),
                () -> server.handshakesInProgress() == 1);

        Socket waiting = silentPeer(broker);

        waiting.setSoTimeout(5_000);
        assertEquals(-1, waiting.getInputStream().read(), "closed without a byte of TLS");
        Eventually.waitFor("the refusal to be reported", Duration.ofSeconds(10), () -> !refusals.isEmpty());
        assertEquals(List.of("no room for a TLS handshake within 300 ms (1 TLS handshakes in progress)"), refusals);
    }

    @Test
    void aConnectionThatFindsTheLobbyFullIsClosedAtOnceAndReported() throws IOException {
        InetSocketAddress broker = start(Duration.ofSeconds(30), 1, false, Duration.ofSeconds(30), 1);
        silentPeer(broker);
        Eventually.waitFor("the silent peer to hold the only handshake", Duration.ofSeconds(5),
                () -> server.handshakesInProgress() == 1);
        Socket waiting = silentPeer(broker);
        Eventually.waitFor("the second to wait in the lobby", Duration.ofSeconds(5), () -> server.waiting() == 1);

        Socket turnedAway = silentPeer(broker);

        turnedAway.setSoTimeout(5_000);
        assertEquals(-1, turnedAway.getInputStream().read(), "closed without a byte of TLS");
        Eventually.waitFor("the refusal to be reported", Duration.ofSeconds(10), () -> !refusals.isEmpty());
        assertEquals(List.of("lobby full: 1 connections already wait for room for a TLS handshake "
                + "(1 TLS handshakes in progress)"), refusals);
        waiting.setSoTimeout(300);
        assertThrows(java.net.SocketTimeoutException.class, () -> waiting.getInputStream().read(),
                "the one in the lobby still waits");
    }

    @Test
    void theTunnelPortLeavesTheReserveOfDescriptorsToTheRestOfTheBroker() throws Exception {
        long limit = TunnelServer.openFileLimit();
        // Room for two connections on the port, whatever this machine's limit is.
        InetSocketAddress broker = start(Duration.ofSeconds(30), 1, false, Duration.ofSeconds(30), -1,
                (int) Math.min(Integer.MAX_VALUE, limit - 2));
        silentPeer(broker);
        Socket waiting = silentPeer(broker);
        Eventually.waitFor("one handshake and one in the lobby", Duration.ofSeconds(5),
                () -> server.handshakesInProgress() == 1 && server.waiting() == 1);

        Socket turnedAway = silentPeer(broker);

        turnedAway.setSoTimeout(5_000);
        assertEquals(-1, turnedAway.getInputStream().read(), "closed without a byte of TLS");
        Eventually.waitFor("the refusal to be reported", Duration.ofSeconds(10), () -> !refusals.isEmpty());
        assertEquals(List.of("no descriptor to spare: 2 connections are open on the tunnel port, the process may open "
                + limit + " files and keeps " + (limit - 2) + " for the rest of the broker"), refusals);
        Eventually.waitFor("the closed connection to be counted out", Duration.ofSeconds(5),
                () -> server.connectionsOpen() == 2);
        waiting.setSoTimeout(300);
        assertThrows(java.net.SocketTimeoutException.class, () -> waiting.getInputStream().read(),
                "the one in the lobby still waits");
        assertEquals(TunnelServerConfig.DEFAULT_DESCRIPTOR_RESERVE, new TunnelServerConfig("127.0.0.1", 0,
                pki.serverKeys().getPrivate(), List.of(pki.server()), pki.ca()).descriptorReserve());
    }

    @Test
    void whileTheBrokerIsBusyANewConnectionWaitsAndHandshakesWhenItCatchesUp() throws Exception {
        InetSocketAddress broker = start(Duration.ofSeconds(30), 0, false, Duration.ofSeconds(20), -1);
        busy = "broker busy: 16 tunnels are waiting for their SSH login";
        Thread catchUp = new Thread(() -> {
            Eventually.waitFor("a connection to wait in the lobby", Duration.ofSeconds(5), () -> server.waiting() == 1);
            busy = null;
        });
        catchUp.start();

        assertEquals("TLSv1.3", handshake(broker, "TLSv1.3", "TLS_AES_128_GCM_SHA256"));

        catchUp.join();
        assertEquals(List.of(), refusals, "nobody was turned away");
    }

    @Test
    void whileTheBrokerStaysBusyLongerThanTheLobbyWaitsAConnectionIsClosedWithTheBrokersReason()
            throws IOException {
        InetSocketAddress broker = start(Duration.ofSeconds(30), 0, false, Duration.ofMillis(300), -1);
        busy = "broker busy: 16 tunnels are waiting for their SSH login";

        Socket refused = silentPeer(broker);

        refused.setSoTimeout(5_000);
        assertEquals(-1, refused.getInputStream().read(), "closed without a byte of TLS");
        Eventually.waitFor("the refusal to be reported", Duration.ofSeconds(10), () -> !refusals.isEmpty());
        assertEquals(List.of("no room for a TLS handshake within 300 ms (" + busy + ")"), refusals);
    }

    @Test
    void tls12IsRefusedUnlessExplicitlyAllowedAndThenOnlyWithAeadSuites() throws Exception {
        InetSocketAddress strict = start(Duration.ofSeconds(5), 0, false);
        assertThrows(IOException.class,
                () -> handshake(strict, "TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"));
        Eventually.waitFor("the refused TLS 1.2 handshake to be reported", Duration.ofSeconds(10),
                () -> !refusals.isEmpty());
        assertTrue(refusals.get(0).startsWith("TLS handshake failed: "), refusals.get(0));
        server.close();

        InetSocketAddress lenient = start(Duration.ofSeconds(5), 0, true);
        assertEquals("TLSv1.2", handshake(lenient, "TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"));
        assertEquals("TLSv1.3", handshake(lenient, "TLSv1.3", "TLS_AES_256_GCM_SHA384"));
        assertThrows(IOException.class,
                () -> handshake(lenient, "TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"),
                "a CBC suite is refused even with TLS 1.2 allowed");
    }

    /** A client that offers only {@code protocol} and {@code suite}; returns the negotiated protocol. */
    private String handshake(InetSocketAddress broker, String protocol, String suite) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS", Providers.jsse());
        context.init(null, new TrustManager[] {new TrustingPki(pki.ca())}, new SecureRandom());
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(broker.getAddress(),
                broker.getPort())) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setProtocols(new String[] {protocol});
            parameters.setCipherSuites(new String[] {suite});
            parameters.setApplicationProtocols(new String[] {TunnelTls.ALPN});
            socket.setSSLParameters(parameters);
            socket.setSoTimeout(5_000);
            socket.startHandshake();
            return socket.getSession().getProtocol();
        }
    }

    /** Trusts the server chain if it ends at the test CA; enough for a client that only checks negotiation. */
    private record TrustingPki(X509Certificate ca) implements X509TrustManager {

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType)
                throws java.security.cert.CertificateException {
            if (!chain[chain.length - 1].equals(ca)) {
                throw new java.security.cert.CertificateException("server chain does not end at the test CA");
            }
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[] {ca};
        }
    }
}
