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
                List.of(pki.server()), pki.ca(), handshakeTimeout, maxHandshakes, allowTls12), listener, null);
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
    void handshakesBeyondTheCapAreClosedAtOnceAndReported() throws IOException {
        InetSocketAddress broker = start(Duration.ofSeconds(30), 2, false);

        List<Socket> peers = List.of(silentPeer(broker), silentPeer(broker), silentPeer(broker));

        // The event loops may set the three up in any order, so whichever came last is the one closed.
        Eventually.waitFor("the refusal to be reported", Duration.ofSeconds(10), () -> !refusals.isEmpty());
        assertEquals(List.of("more than 2 TLS handshakes in progress"), refusals);
        long closed = 0;
        for (Socket peer : peers) {
            peer.setSoTimeout(300);
            try {
                closed += peer.getInputStream().read() == -1 ? 1 : 0;
            } catch (java.net.SocketTimeoutException stillOpen) {
                // waiting for its handshake, as it should
            }
        }
        assertEquals(1, closed, "exactly the connection over the cap is closed");
    }

    @Test
    void whileTheBrokerIsBusyANewConnectionIsClosedBeforeItsHandshakeWithTheBrokersReason() throws IOException {
        InetSocketAddress broker = start(Duration.ofSeconds(30), 0, false);
        busy = "broker busy: 16 tunnels are waiting for their SSH login";

        Socket refused = silentPeer(broker);

        refused.setSoTimeout(5_000);
        assertEquals(-1, refused.getInputStream().read(), "closed without a byte of TLS");
        Eventually.waitFor("the refusal to be reported", Duration.ofSeconds(10), () -> !refusals.isEmpty());
        assertEquals(List.of(busy), refusals);

        busy = null;
        Socket taken = silentPeer(broker);
        taken.setSoTimeout(300);
        assertThrows(java.net.SocketTimeoutException.class, () -> taken.getInputStream().read(),
                "once the broker has caught up, a connection waits for its handshake");
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
