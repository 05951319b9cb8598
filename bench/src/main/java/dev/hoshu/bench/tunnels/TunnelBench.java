package dev.hoshu.bench.tunnels;

import dev.hoshu.agent.enroll.BrokerAddress;
import dev.hoshu.agent.enroll.EnrollCommand;
import dev.hoshu.bench.Progress;
import dev.hoshu.bench.hoshu.HoshuSystem;
import dev.hoshu.bench.hoshu.QuickstartPorts;
import dev.hoshu.bench.jvm.JvmProcess;
import dev.hoshu.bench.process.Deadline;
import dev.hoshu.bench.process.FreePort;
import dev.hoshu.bench.process.OneLine;
import dev.hoshu.bench.process.PathFailure;
import dev.hoshu.bench.report.Machine;
import dev.hoshu.tunnel.Backoff;
import dev.hoshu.tunnel.TunnelClientConfig;
import dev.hoshu.tunnel.enroll.JoinToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;

/**
 * Runs the tunnel benchmark: a quickstart broker on free ports with a fresh data dir, N devices put in its ledger
 * and enrolled through the real API and enrollment port, their simulated agents' tunnels brought up together,
 * held idle past the heartbeat timeout and weighed in the broker's heap, then the broker restarted and the
 * reconnect storm timed.
 */
public final class TunnelBench {

    private static final String ADMIN = "tanaka";
    private static final Duration ENROL_TIMEOUT = Duration.ofSeconds(60);
    // Headroom beyond one descriptor per tunnel: the broker's state files, logs, HTTP and SSH listeners.
    private static final int FD_HEADROOM = 512;

    private final TunnelPlan plan;
    private final Path projectRoot;
    private final Path quickstart;
    private final Progress progress;

    public TunnelBench(TunnelPlan plan, Path projectRoot, Path quickstart, Progress progress) {
        this.plan = plan;
        this.projectRoot = projectRoot;
        this.quickstart = quickstart;
        this.progress = progress;
    }

    public TunnelFigures run(String command, Path workDir) {
        Instant started = Instant.now();
        OpenFiles limit = OpenFiles.ofThisProcess();
        if (limit.soft() < plan.agents() + FD_HEADROOM) {
            throw new PathFailure("tunnels: " + plan.agents() + " agents need " + (plan.agents() + FD_HEADROOM)
                    + " open files in the broker and in this process, but ulimit -n is " + limit.soft()
                    + " (hard " + limit.hard() + "); raise it or use --agents " + Math.max(1, limit.soft() - FD_HEADROOM));
        }
        QuickstartPorts ports = QuickstartPorts.free();
        Map<String, String> environment = Map.of("HOSHU_JAVA_OPTS", plan.brokerJavaOptions());
        Recorder figures = new Recorder(started, command, plan);
        HoshuSystem system = null;
        try (AgentFleet fleet = new AgentFleet(plan.sources())) {
            progress.step("tunnels: starting Hoshu with bin/quickstart (broker " + plan.brokerJavaOptions() + ")");
            system = HoshuSystem.launch(projectRoot, quickstart, workDir, ports, environment);
            system.awaitRunning(progress);
            JvmProcess broker = system.broker();
            long heapBefore = broker.liveHeapKiB();
            progress.detail("broker heap after a full GC, with the demo agent CT-01 only: " + heapBefore + " KiB");

            enrol(fleet, system, ports, figures);
            bringUp(fleet, figures);
            hold(fleet, broker, heapBefore, figures);

            progress.step("tunnels: restarting the broker (stop bin/quickstart, start it again on the same data)");
            long phase = fleet.beginPhase();
            long stopped = System.nanoTime();
            system.close();
            Deadline.in(Duration.ofSeconds(60)).await(() -> fleet.upCount() == 0);
            // The demo agent CT-01 is one of the herd now: the quickstart gives up on it (and stops) after 60 s.
            Map<String, String> restart = new java.util.HashMap<>(environment);
            restart.put("HOSHU_AGENT_WAIT", Long.toString(stormLimit().toSeconds()));
            // The same jars as the first start: a source edited meanwhile must not rebuild the broker in the outage.
            restart.put("HOSHU_NO_BUILD", "1");
            system = HoshuSystem.launch(projectRoot, quickstart, workDir, ports, restart);
            if (!Deadline.in(Duration.ofMinutes(5)).await(() -> FreePort.isListening(ports.tunnel()))) {
                throw new PathFailure("tunnels: the restarted broker did not open its tunnel port within 5 min");
            }
            long accepting = System.nanoTime();
            figures.restartMillis = TimeUnit.NANOSECONDS.toMillis(accepting - stopped);
            progress.detail("tunnel port accepting again " + figures.restartMillis + " ms after the stop; "
                    + "waiting for every agent (target " + plan.stormTarget().toSeconds() + " s)");
            storm(fleet, phase, accepting, figures);
            system.awaitRunning(progress);
        } catch (PathFailure e) {
            figures.fail(e.getMessage());
        } finally {
            if (system != null) {
                system.close();
            }
        }
        return figures.toFigures(Machine.detect().describe());
    }

    private void enrol(AgentFleet fleet, HoshuSystem system, QuickstartPorts ports, Recorder figures) {
        progress.step("tunnels: " + plan.agents() + " devices: join token from the API as " + ADMIN
                + ", then the enrollment exchange (" + plan.enrolThreads() + " at a time)");
        JoinTokenMint mint = JoinTokenMint.as(system.cliHome(ADMIN), ports.http());
        BrokerAddress broker = new BrokerAddress("127.0.0.1", ports.tunnel());
        ConcurrentLinkedQueue<Long> done = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(plan.enrolThreads());
        long start = System.nanoTime();
        List<Future<?>> results = new ArrayList<>();
        try {
            for (int i = 1; i <= plan.agents(); i++) {
                String deviceId = String.format("SIM-%05d", i);
                results.add(pool.submit(() -> {
                    String token = mint.mint(deviceId);
                    EnrollCommand.Enrolment enrolment = EnrollCommand.exchange(broker, JoinToken.parse(token),
                            ENROL_TIMEOUT);
                    fleet.add(enrolment.device(), TunnelClientConfig.DEFAULT_READ_IDLE_TIMEOUT, Backoff.DEFAULT_CAP);
                    done.add(System.nanoTime());
                    int count = done.size();
                    if (count % Math.max(1, plan.agents() / 10) == 0) {
                        progress.detail("enrolled " + count + " of " + plan.agents());
                    }
                    return null;
                }));
            }
            for (Future<?> result : results) {
                result.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new PathFailure("tunnels: enrollment failed: " + OneLine.of(String.valueOf(e.getCause().getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PathFailure("tunnels: interrupted while enrolling");
        } finally {
            pool.shutdownNow();
        }
        HandshakeTimeline enrolled = new HandshakeTimeline(plan.agents(),
                done.stream().map(nanos -> TimeUnit.NANOSECONDS.toMillis(nanos - start)).toList());
        figures.enrolled = enrolled.up();
        figures.enrolPerSecond = enrolled.up() * 1000.0 / Math.max(1, enrolled.allUpMillis());
        progress.detail(String.format("%d enrolled in %.1f s: %.1f per second", enrolled.up(),
                enrolled.allUpMillis() / 1000.0, figures.enrolPerSecond));
    }

    private void bringUp(AgentFleet fleet, Recorder figures) {
        progress.step("tunnels: " + plan.agents() + " agents dial at once from " + fleet.sources()
                + " loopback source addresses");
        long phase = fleet.beginPhase();
        fleet.agents().forEach(SimulatedAgent::start);
        Duration limit = Duration.ofSeconds(120 + plan.agents() / 10);
        awaitAll(fleet, limit, "up");
        HandshakeTimeline timeline = fleet.timeline(phase);
        figures.tunnelsUp = timeline.up();
        figures.allUpMillis = timeline.allUpMillis();
        figures.handshakesPerSecond = timeline.ratePerSecond();
        figures.peakHandshakesPerSecond = timeline.peakPerSecond();
        progress.detail(String.format("%d of %d tunnels up, all of them after %s: %.1f full handshakes per second, "
                        + "peak %d in one second", timeline.up(), plan.agents(), seconds(timeline.allUpMillis()),
                timeline.ratePerSecond(), timeline.peakPerSecond()));
        if (!timeline.allUp()) {
            throw new PathFailure("tunnels: only " + timeline.up() + " of " + plan.agents() + " tunnels came up within "
                    + limit.toSeconds() + " s");
        }
    }

    private void hold(AgentFleet fleet, JvmProcess broker, long heapBefore, Recorder figures) {
        progress.step("tunnels: holding " + plan.agents() + " idle tunnels for " + plan.hold().toSeconds()
                + " s (the agents close a tunnel silent for " + TunnelClientConfig.DEFAULT_READ_IDLE_TIMEOUT.toSeconds()
                + " s; the broker's heartbeats keep them)");
        int dropsBefore = fleet.drops();
        sleep(plan.hold());
        figures.holdSeconds = plan.hold().toSeconds();
        figures.heldDrops = fleet.drops() - dropsBefore;
        long heapWith = broker.liveHeapKiB();
        figures.heap = new HeapPerTunnel(heapBefore, heapWith, (int) fleet.upCount());
        figures.brokerRssKiB = broker.rssKiB();
        figures.brokerFds = openDescriptors(broker.pid());
        progress.detail(String.format("%d up, %d dropped while idle; broker heap %d -> %d KiB: %.1f KiB per tunnel "
                        + "(budget %.0f); RSS %d MiB; %d open descriptors",
                fleet.upCount(), figures.heldDrops, heapBefore, heapWith, figures.heap.perTunnelKiB(),
                HeapPerTunnel.BUDGET_KIB, figures.brokerRssKiB / 1024, figures.brokerFds));
        if (figures.heldDrops > 0) {
            figures.fail("tunnels: " + figures.heldDrops + " idle tunnels dropped during the hold");
        }
    }

    private void storm(AgentFleet fleet, long phase, long accepting, Recorder figures) {
        Duration limit = stormLimit();
        awaitAll(fleet, limit, "back");
        // Measured from the port accepting again: how long agents waited while the broker was down is the restart's.
        HandshakeTimeline back = fleet.timeline(accepting);
        HandshakeTimeline every = fleet.everyHandshake(accepting);
        figures.stormBack = back.up();
        figures.stormHalfBackMillis = back.halfUpMillis();
        figures.stormAllBackMillis = back.allUpMillis();
        figures.stormPeakPerSecond = back.peakPerSecond();
        figures.stormHandshakes = every.up();
        progress.detail(String.format("%d of %d back; half after %s, the last after %s (%s after the stop); peak %d "
                        + "handshakes in one second; %d handshakes in all", back.up(), plan.agents(),
                seconds(back.halfUpMillis()), seconds(back.allUpMillis()),
                seconds(figures.restartMillis + back.allUpMillis()), back.peakPerSecond(), every.up()));
        if (!back.allUp()) {
            figures.fail("tunnels: only " + back.up() + " of " + plan.agents() + " agents came back within "
                    + limit.toSeconds() + " s of the restart");
        } else if (back.allUpMillis() > plan.stormTarget().toMillis()) {
            figures.fail("tunnels: the last agent came back after " + back.allUpMillis() / 1000 + " s, later than the "
                    + plan.stormTarget().toSeconds() + " s target");
        }
    }

    private Duration stormLimit() {
        return plan.stormTarget().multipliedBy(3).plusSeconds(60);
    }

    private void awaitAll(AgentFleet fleet, Duration limit, String what) {
        int total = plan.agents();
        long[] lastReport = {System.nanoTime()};
        Deadline.in(limit).await(() -> {
            long up = fleet.upCount();
            if (System.nanoTime() - lastReport[0] > TimeUnit.SECONDS.toNanos(10)) {
                lastReport[0] = System.nanoTime();
                progress.detail(up + " of " + total + " " + what);
            }
            return up >= total;
        });
    }

    private static String seconds(long millis) {
        return millis < 0 ? "(not reached)" : String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private static long openDescriptors(long pid) {
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return fds.count();
        } catch (IOException e) {
            return -1;
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PathFailure("tunnels: interrupted");
        }
    }

    /** The figures as the phases produce them; a phase that fails leaves the later ones at their defaults. */
    private static final class Recorder {
        private final Instant started;
        private final String command;
        private final TunnelPlan plan;
        int enrolled;
        double enrolPerSecond = Double.NaN;
        int tunnelsUp;
        long allUpMillis = -1;
        double handshakesPerSecond = Double.NaN;
        int peakHandshakesPerSecond;
        long holdSeconds;
        int heldDrops;
        HeapPerTunnel heap = new HeapPerTunnel(0, 0, 0);
        long brokerRssKiB;
        long brokerFds;
        long restartMillis = -1;
        int stormBack;
        long stormHalfBackMillis = -1;
        long stormAllBackMillis = -1;
        int stormPeakPerSecond;
        int stormHandshakes;
        String failure = "";

        Recorder(Instant started, String command, TunnelPlan plan) {
            this.started = started;
            this.command = command;
            this.plan = plan;
        }

        void fail(String why) {
            if (failure.isEmpty()) {
                failure = OneLine.of(why);
            }
        }

        TunnelFigures toFigures(String machine) {
            return new TunnelFigures(started.toString(), command, machine, plan, enrolled, enrolPerSecond, tunnelsUp,
                    allUpMillis, handshakesPerSecond, peakHandshakesPerSecond, holdSeconds, heldDrops, heap,
                    brokerRssKiB, brokerFds, restartMillis, stormBack, stormHalfBackMillis, stormAllBackMillis,
                    stormPeakPerSecond, stormHandshakes, failure);
        }
    }
}
