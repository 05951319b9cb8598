package dev.hoshu.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoshu.broker.faults.Faults;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fault proxy through the real toxiproxy-java client, against an echo server on loopback: each fault the
 * other tests rely on does what Toxiproxy's does.
 */
class FaultProxyIT {

    private Faults faults;
    private ServerSocket echo;
    private Proxy proxy;

    @BeforeEach
    void start() throws IOException {
        faults = Faults.start();
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread server = new Thread(this::serveEcho, "echo");
        server.setDaemon(true);
        server.start();
        proxy = faults.client().createProxy("echo", "127.0.0.1:0", "127.0.0.1:" + echo.getLocalPort());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.delete();
        echo.close();
        faults.close();
    }

    private void serveEcho() {
        while (!echo.isClosed()) {
            try {
                Socket socket = echo.accept();
                Thread copy = new Thread(() -> {
                    try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
                        in.transferTo(out);
                    } catch (IOException e) {
                        // The client went away.
                    }
                });
                copy.setDaemon(true);
                copy.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private Socket connect() throws IOException {
        String[] listen = proxy.getListen().split(":");
        Socket socket = new Socket(listen[0], Integer.parseInt(listen[1]));
        socket.setSoTimeout(5000);
        return socket;
    }

    private static byte[] roundTrip(Socket socket, byte[] data) throws IOException {
        socket.getOutputStream().write(data);
        socket.getOutputStream().flush();
        return socket.getInputStream().readNBytes(data.length);
    }

    @Test
    void bytesPassUntouchedWithoutToxics() throws IOException {
        byte[] data = "hello through the proxy".getBytes(StandardCharsets.UTF_8);
        try (Socket socket = connect()) {
            assertArrayEquals(data, roundTrip(socket, data));
        }
        assertTrue(faults.client().version().length() > 0);
        assertEquals(1, faults.client().getProxies().size());
    }

    @Test
    void latencyDelaysEveryChunkAndRemovingItRestoresSpeed() throws IOException {
        var latency = proxy.toxics().latency("slow", ToxicDirection.DOWNSTREAM, 300);
        try (Socket socket = connect()) {
            long start = System.nanoTime();
            roundTrip(socket, new byte[] {1});
            assertTrue((System.nanoTime() - start) / 1_000_000 >= 290, "latency not applied");

            latency.remove();
            start = System.nanoTime();
            roundTrip(socket, new byte[] {2});
            assertTrue((System.nanoTime() - start) / 1_000_000 < 250, "latency still applied after removal");
        }
    }

    @Test
    void latencyCountsFromEachChunksArrivalAsToxiproxysDoes() throws Exception {
        proxy.toxics().latency("slow", ToxicDirection.DOWNSTREAM, 300);
        try (Socket socket = connect()) {
            long start = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                socket.getOutputStream().write(i);
                socket.getOutputStream().flush();
                Thread.sleep(150); // the gap between the client's writes, not a wait for an outcome
            }
            assertArrayEquals(new byte[] {0, 1, 2, 3, 4}, socket.getInputStream().readNBytes(5));
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            // The last byte left at 600 ms and is back 300 ms later; a delay stacked on the chunk before would be 1.5 s.
            assertTrue(tookMs >= 890 && tookMs < 1_300, "five chunks 150 ms apart took " + tookMs + " ms");
        }
    }

    @Test
    void disablingCutsOpenConnectionsAndRefusesNewOnesUntilEnabled() throws IOException {
        try (Socket socket = connect()) {
            roundTrip(socket, new byte[] {1});
            proxy.disable();
            assertFalse(proxy.isEnabled());
            assertEquals(-1, socket.getInputStream().read(), "an open connection survived the cut");
        }
        assertThrows(IOException.class, this::connect);
        proxy.enable();
        try (Socket socket = connect()) {
            assertArrayEquals(new byte[] {7}, roundTrip(socket, new byte[] {7}));
        }
    }

    @Test
    void limitDataClosesAfterTheBytesAndResetPeerResets() throws IOException {
        proxy.toxics().limitData("limit", ToxicDirection.DOWNSTREAM, 4);
        try (Socket socket = connect()) {
            socket.getOutputStream().write("abcdefgh".getBytes(StandardCharsets.UTF_8));
            assertEquals("abcd", new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        proxy.toxics().get("limit").remove();
        proxy.toxics().resetPeer("reset", ToxicDirection.UPSTREAM, 100);
        try (Socket socket = connect()) {
            IOException reset = assertThrows(IOException.class, () -> socket.getInputStream().read());
            assertTrue(reset.getMessage().toLowerCase().contains("reset"), reset::toString);
        }
    }

    @Test
    void timeoutHoldsDataSilentlyAndSlicerAndBandwidthStillDeliverEverything() throws IOException {
        proxy.toxics().slicer("slices", ToxicDirection.DOWNSTREAM, 3, 1000).setSizeVariation(1);
        proxy.toxics().bandwidth("narrow", ToxicDirection.DOWNSTREAM, 64);
        byte[] data = "sliced into small pieces".getBytes(StandardCharsets.UTF_8);
        try (Socket socket = connect()) {
            assertArrayEquals(data, roundTrip(socket, data));
        }
        proxy.toxics().timeout("silence", ToxicDirection.UPSTREAM, 0);
        try (Socket socket = connect()) {
            socket.setSoTimeout(500);
            socket.getOutputStream().write(1);
            assertThrows(SocketTimeoutException.class, () -> socket.getInputStream().read());
        }
        faults.client().reset();
        assertTrue(proxy.toxics().getAll().isEmpty());
    }
}
