package dev.hoshu.bench.cut;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The delayed link the cut benchmark puts on the agent's line: late by the delay each way, bytes in order. */
class DelayedLinkTest {

    @Test
    void aRoundTripTakesTwiceTheDelayAndKeepsEveryByteInOrder() throws Exception {
        try (ServerSocket echo = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             DelayedLink link = DelayedLink.start(echo.getLocalPort(), 100)) {
            Thread server = new Thread(() -> {
                try (Socket peer = echo.accept()) {
                    peer.getInputStream().transferTo(peer.getOutputStream());
                } catch (Exception e) {
                    // The test ends the connection.
                }
            });
            server.setDaemon(true);
            server.start();
            byte[] sent = new byte[200_000];
            for (int i = 0; i < sent.length; i++) {
                sent[i] = (byte) (i * 31);
            }
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), link.port())) {
                OutputStream out = client.getOutputStream();
                InputStream in = client.getInputStream();
                long start = System.nanoTime();
                out.write(1);
                out.flush();
                in.read();
                long roundTripMs = (System.nanoTime() - start) / 1_000_000;
                assertTrue(roundTripMs >= 195 && roundTripMs < 1_000, "round trip " + roundTripMs + " ms");

                long bulkStart = System.nanoTime();
                Thread writer = new Thread(() -> {
                    try {
                        out.write(sent);
                        out.flush();
                    } catch (Exception e) {
                        // Reported by the missing bytes below.
                    }
                });
                writer.start();
                byte[] received = in.readNBytes(sent.length);
                long bulkMs = (System.nanoTime() - bulkStart) / 1_000_000;
                assertArrayEquals(sent, received);
                assertTrue(bulkMs < 1_500, "chunks are queued, not delayed one after the other: " + bulkMs + " ms");
            }
        }
    }

    @Test
    void theFiguresAreNearestRankPercentiles() {
        List<CutSample> samples = new java.util.ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            samples.add(new CutSample(i % 2 == 0 ? "kill" : "lock", 1, i, 2 * i, 2, "same"));
        }

        CutFigures figures = CutFigures.of("direct", 0, samples);

        assertTrue(figures.sshClosed().p50() == 100 && figures.sshClosed().p99() == 198, figures.toString());
        assertTrue(figures.treeGone().p99() == 396 && figures.treeGone().max() == 400, figures.toString());
        assertTrue(CutFigures.table(List.of(figures), 200).contains("| direct | 200 | 1.0 / 1.0 ms | 100.0 / 198.0 ms"
                + " | 200.0 / 396.0 ms | **no** |"), CutFigures.table(List.of(figures), 200));
    }
}
