package dev.hoshu.broker.siem;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A SIEM's syslog-over-TLS listener on 127.0.0.1, as RFC 5425 describes it: reads octet-counted frames and keeps
 * each message. It can stop (closing every connection, as a restarting SIEM does) and start again on its port.
 */
public final class SyslogReceiver implements AutoCloseable {

    private final SSLContext context;
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final AtomicInteger handshakesFailed = new AtomicInteger();
    private volatile SSLServerSocket server;
    private int port;

    public SyslogReceiver(TestCa.Issued identity) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("siem", identity.keys().getPrivate(), new char[0], identity.chain());
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, new char[0]);
        context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
    }

    public SyslogReceiver start() throws IOException {
        SSLServerSocket listening = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
        listening.setReuseAddress(true);
        listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        port = listening.getLocalPort();
        server = listening;
        Thread accept = new Thread(() -> accept(listening), "siem-accept");
        accept.setDaemon(true);
        accept.start();
        return this;
    }

    public int port() {
        return port;
    }

    public List<String> messages() {
        return List.copyOf(messages);
    }

    public int handshakesFailed() {
        return handshakesFailed.get();
    }

    /** As a SIEM restart: no more connections, and the open ones are closed. */
    public void stop() throws IOException {
        server.close();
        for (Socket socket : connections) {
            socket.close();
        }
        connections.clear();
    }

    private void accept(SSLServerSocket listening) {
        while (!listening.isClosed()) {
            try {
                SSLSocket socket = (SSLSocket) listening.accept();
                connections.add(socket);
                Thread reader = new Thread(() -> read(socket), "siem-read");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void read(SSLSocket socket) {
        try (socket; InputStream in = socket.getInputStream()) {
            try {
                socket.startHandshake();
            } catch (IOException e) {
                handshakesFailed.incrementAndGet();
                return;
            }
            while (true) {
                int length = readLength(in);
                if (length < 0) {
                    return;
                }
                byte[] message = in.readNBytes(length);
                if (message.length < length) {
                    return;
                }
                messages.add(new String(message, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // The connection ended; what was read is kept.
        }
    }

    /** MSG-LEN SP: digits, then one space; -1 at a clean end of stream. */
    private static int readLength(InputStream in) throws IOException {
        ByteArrayOutputStream digits = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                return -1;
            }
            if (b == ' ') {
                return Integer.parseInt(digits.toString(StandardCharsets.US_ASCII));
            }
            if (b < '0' || b > '9' || digits.size() > 9) {
                throw new IOException("not an octet-counted frame");
            }
            digits.write(b);
        }
    }

    @Override
    public void close() throws IOException {
        if (server != null) {
            stop();
        }
    }
}
