package dev.hoshu.bench.tunnels;

import dev.hoshu.agent.enroll.EnrolledDevice;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load process's simulated agents and the few threads they share: one Netty event loop per core for every
 * tunnel, a small pool for the agents' "tunnel connected" callbacks, and one SSH timer. Agent i dials from
 * loopback source address 127.0.0.(2 + i mod sources), so the fleet is not bound by one address's ephemeral ports.
 */
public final class AgentFleet implements AutoCloseable {

    // BouncyCastle's TLS provider notes its settings through java.util.logging for every context the fleet makes;
    // the harness's own progress lines are the output. Held here: JUL keeps loggers only weakly.
    private static final java.util.logging.Logger BOUNCY_CASTLE = java.util.logging.Logger.getLogger("org.bouncycastle");

    static {
        BOUNCY_CASTLE.setLevel(java.util.logging.Level.SEVERE);
    }

    private final EventLoopGroup loop;
    private final ExecutorService callbacks;
    private final ScheduledExecutorService sshTimers;
    private final List<InetAddress> sources;
    private final List<SimulatedAgent> agents = new ArrayList<>();
    private final ConcurrentLinkedQueue<Long> handshakes = new ConcurrentLinkedQueue<>();

    public AgentFleet(int sources) {
        if (sources < 1 || sources > 250) {
            throw new IllegalArgumentException("loopback source addresses must be 1 to 250, not " + sources);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        this.loop = new MultiThreadIoEventLoopGroup(cores, NioIoHandler.newFactory());
        AtomicInteger callbackThreads = new AtomicInteger();
        this.callbacks = Executors.newFixedThreadPool(Math.max(2, cores), task -> daemon(task,
                "sim-agent-connected-" + callbackThreads.incrementAndGet()));
        this.sshTimers = Executors.newScheduledThreadPool(1, task -> daemon(task, "sim-agent-ssh-timer"));
        this.sources = new ArrayList<>();
        for (int i = 0; i < sources; i++) {
            try {
                this.sources.add(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (2 + i)}));
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public SimulatedAgent add(EnrolledDevice device, Duration heartbeatTimeout, Duration backoffCap) {
        SimulatedAgent agent;
        synchronized (agents) {
            agent = new SimulatedAgent(device, this, sources.get(agents.size() % sources.size()), heartbeatTimeout,
                    backoffCap);
            agents.add(agent);
        }
        return agent;
    }

    public List<SimulatedAgent> agents() {
        synchronized (agents) {
            return List.copyOf(agents);
        }
    }

    int sources() {
        return sources.size();
    }

    public long upCount() {
        return agents().stream().filter(SimulatedAgent::isUp).count();
    }

    int drops() {
        return agents().stream().mapToInt(SimulatedAgent::drops).sum();
    }

    /** Starts timing a phase: from now on each agent's first handshake is the phase's. */
    long beginPhase() {
        agents().forEach(SimulatedAgent::beginPhase);
        handshakes.clear();
        return System.nanoTime();
    }

    /** When each agent first came up in the phase that began at {@code phaseStartNanos}. */
    HandshakeTimeline timeline(long phaseStartNanos) {
        List<SimulatedAgent> all = agents();
        List<Long> up = all.stream().mapToLong(SimulatedAgent::phaseUpNanos).filter(nanos -> nanos >= 0)
                .mapToObj(nanos -> TimeUnit.NANOSECONDS.toMillis(nanos - phaseStartNanos)).toList();
        return new HandshakeTimeline(all.size(), up);
    }

    /** Every handshake of the phase (an agent that dropped and came back counts twice). */
    HandshakeTimeline everyHandshake(long phaseStartNanos) {
        List<Long> all = handshakes.stream().map(nanos -> TimeUnit.NANOSECONDS.toMillis(nanos - phaseStartNanos))
                .toList();
        return new HandshakeTimeline(all.size(), all);
    }

    void handshakeDone(long nanos) {
        handshakes.add(nanos);
    }

    EventLoopGroup loop() {
        return loop;
    }

    ExecutorService callbacks() {
        return callbacks;
    }

    ScheduledExecutorService sshTimers() {
        return sshTimers;
    }

    @Override
    public void close() {
        for (SimulatedAgent agent : agents()) {
            try {
                agent.close();
            } catch (IOException | RuntimeException e) {
                // closing: the next one still has to go
            }
        }
        loop.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        callbacks.shutdownNow();
        sshTimers.shutdownNow();
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
