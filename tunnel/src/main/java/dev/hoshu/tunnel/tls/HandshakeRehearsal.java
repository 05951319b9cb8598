package dev.hoshu.tunnel.tls;

import dev.hoshu.tunnel.pki.DeviceCertificates;
import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * Full TLS handshakes in memory between the tunnel port's own key and chain and a throwaway device, run before the
 * port opens. A fresh JVM interprets the handshake's elliptic-curve arithmetic until the JIT has compiled it: a
 * restarted broker brought back 50–80 tunnels a second for its first 18 s where a warm one brings back 200–300
 * (docs/benchmarks.md), and a reconnect storm lands on exactly that cold broker.
 *
 * <p>The throwaway device's CA exists for one rehearsal and is trusted only by a context made for it; the port's
 * own context, and so every real connection, never sees it. Nothing here touches a socket.
 */
public final class HandshakeRehearsal {

    private static final String DEVICE = "rehearsal";

    private HandshakeRehearsal() {
    }

    /**
     * What a rehearsal did.
     *
     * @param handshakes     full handshakes completed
     * @param took           from its start to its end, key generation included
     * @param lastSecondRate handshakes per second over the last whole second rehearsed (0 when it ran less than one)
     * @param problem        why it stopped early: a handshake that failed, in one line; null when it ran its course
     */
    public record Result(int handshakes, Duration took, double lastSecondRate, String problem) {
    }

    /**
     * Rehearses for {@code budget}, or until {@code stop} answers true.
     *
     * @param key   the port's private key
     * @param chain the port's chain, its CA last (as the tunnel server's settings keep it)
     */
    public static Result run(PrivateKey key, List<X509Certificate> chain, Duration budget, BooleanSupplier stop) {
        long start = System.nanoTime();
        long end = start + budget.toNanos();
        int done = 0;
        long secondStart = start;
        int inSecond = 0;
        double lastSecondRate = 0;
        try {
            KeyPair caKeys = DeviceCertificates.newEcKey();
            X509Certificate ca = DeviceCertificates.selfSignedCa(caKeys, "hoshu handshake rehearsal", Duration.ofHours(1));
            KeyPair deviceKeys = DeviceCertificates.newEcKey();
            X509Certificate device = DeviceCertificates.issueDevice(DeviceCertificates.csr(deviceKeys, DEVICE), DEVICE,
                    DEVICE, caKeys, ca, Duration.ofHours(1));
            SSLContext port = TunnelTls.serverContext(key, chain, ca);
            SSLContext agent = TunnelTls.clientContext(deviceKeys.getPrivate(), List.of(device, ca),
                    chain.get(chain.size() - 1));
            while (System.nanoTime() < end && !stop.getAsBoolean()) {
                handshake(TunnelTls.clientEngine(agent, "localhost", 0), TunnelTls.serverEngine(port, false));
                done++;
                inSecond++;
                long now = System.nanoTime();
                if (now - secondStart >= 1_000_000_000L) {
                    lastSecondRate = inSecond * 1e9 / (now - secondStart);
                    secondStart = now;
                    inSecond = 0;
                }
            }
            return new Result(done, Duration.ofNanos(System.nanoTime() - start), lastSecondRate, null);
        } catch (SSLException | RuntimeException e) {
            return new Result(done, Duration.ofNanos(System.nanoTime() - start), lastSecondRate, TunnelTls.describe(e));
        }
    }

    /** Drives both engines until both are done; each reads what the other wrote. */
    private static void handshake(SSLEngine agent, SSLEngine port) throws SSLException {
        int size = Math.max(agent.getSession().getPacketBufferSize(), port.getSession().getPacketBufferSize());
        ByteBuffer toPort = ByteBuffer.allocate(size);
        ByteBuffer toAgent = ByteBuffer.allocate(size);
        ByteBuffer plain = ByteBuffer.allocate(Math.max(agent.getSession().getApplicationBufferSize(),
                port.getSession().getApplicationBufferSize()));
        agent.beginHandshake();
        port.beginHandshake();
        // A TLS 1.3 handshake with client authentication is four flights; the bound only stops a broken peer.
        for (int round = 0; round < 16; round++) {
            boolean agentDone = step(agent, toPort, toAgent, plain);
            boolean portDone = step(port, toAgent, toPort, plain);
            if (agentDone && portDone) {
                return;
            }
        }
        throw new SSLException("rehearsal handshake did not finish: agent " + agent.getHandshakeStatus() + ", port "
                + port.getHandshakeStatus());
    }

    /** Runs one engine as far as it can go; true once its handshake is over. */
    private static boolean step(SSLEngine engine, ByteBuffer out, ByteBuffer in, ByteBuffer plain) throws SSLException {
        while (true) {
            HandshakeStatus status = engine.getHandshakeStatus();
            switch (status) {
                case NEED_TASK -> {
                    Runnable task;
                    while ((task = engine.getDelegatedTask()) != null) {
                        task.run();
                    }
                }
                case NEED_WRAP -> {
                    SSLEngineResult result = engine.wrap(ByteBuffer.allocate(0), out);
                    if (result.getStatus() != SSLEngineResult.Status.OK) {
                        throw new SSLException("rehearsal handshake could not write: " + result.getStatus());
                    }
                }
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    in.flip();
                    SSLEngineResult result = in.hasRemaining() ? engine.unwrap(in, plain) : null;
                    in.compact();
                    plain.clear();
                    if (result == null || result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                        return false;
                    }
                    if (result.getStatus() != SSLEngineResult.Status.OK) {
                        throw new SSLException("rehearsal handshake could not read: " + result.getStatus());
                    }
                }
                default -> {
                    return true;
                }
            }
        }
    }
}
