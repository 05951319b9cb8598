package dev.hoshu.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RedialTimingTest {

    private static final Duration BASE = Duration.ofSeconds(1);
    private static final Duration CAP = Duration.ofMinutes(12);

    /** Always the top of the range: the longest wait each step could give. */
    private static final java.util.random.RandomGenerator WORST = new java.util.random.RandomGenerator() {
        @Override
        public long nextLong() {
            return 0;
        }

        @Override
        public long nextLong(long bound) {
            return bound - 1;
        }
    };

    @Test
    void aDroppedTunnelIsRedialledWithinTwoSecondsOncePerNodeThenBacksOff() {
        RedialTiming timing = new RedialTiming(new Backoff(BASE, CAP, WORST), WORST);
        for (int i = 0; i < 4; i++) {
            timing.afterFailure(); // a history of failures before the tunnel came up
        }

        assertEquals(Duration.ofSeconds(2), timing.afterDrop(Duration.ofSeconds(5), 2), "the same node, quickly");
        assertEquals(Duration.ofSeconds(2), timing.afterFailure(), "the other node, quickly");
        assertFalse(timing.quick());
        assertEquals(Duration.ofSeconds(16), timing.afterFailure(), "then the backoff where it stood");
    }

    @Test
    void aTunnelDroppedAgainBeforeItWasStableGetsTheBackoffNotAnotherQuickRound() {
        RedialTiming timing = new RedialTiming(new Backoff(BASE, CAP, WORST), WORST);

        assertEquals(Duration.ofSeconds(2), timing.afterDrop(Duration.ofSeconds(1), 1));
        assertEquals(Duration.ofSeconds(1), timing.afterDrop(Duration.ofMillis(300), 1),
                "refused at once again (decommissioned): no quick loop");
        assertEquals(Duration.ofSeconds(2), timing.afterDrop(Duration.ofMillis(300), 1));
        assertEquals(Duration.ofSeconds(4), timing.afterDrop(Duration.ofMillis(300), 1));
    }

    @Test
    void aStableTunnelEarnsTheQuickRoundBackAndResetsTheBackoff() {
        RedialTiming timing = new RedialTiming(new Backoff(BASE, CAP, WORST), WORST);
        timing.afterDrop(Duration.ofSeconds(1), 1);
        for (int i = 0; i < 12; i++) {
            timing.afterFailure();
        }
        assertEquals(CAP, timing.afterFailure(), "long failures reach the 12-minute cap");

        assertEquals(Duration.ofSeconds(2), timing.afterDrop(RedialTiming.STABLE, 1));
        assertEquals(BASE, timing.afterFailure(), "the backoff starts afresh after a stable tunnel");
    }

    @Test
    void quickWaitsAreJitteredOverTheTwoSeconds() {
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int i = 0; i < 50; i++) {
            RedialTiming timing = new RedialTiming(new Backoff(BASE, CAP), new SplittableRandom(i));
            Duration wait = timing.afterDrop(Duration.ofSeconds(90), 1);
            assertTrue(!wait.isNegative() && wait.compareTo(RedialTiming.QUICK) <= 0, wait::toString);
            seen.add(wait.toMillis() / 100);
        }
        assertTrue(seen.size() > 5, "a fleet's redials spread out: " + seen);
    }

    @Test
    void whileTheBrokerPortRefusesTheAgentRetriesEveryFewSecondsWithoutClimbingTheBackoff() {
        long[] now = {0};
        RedialTiming timing = new RedialTiming(new Backoff(BASE, CAP, WORST), WORST, () -> now[0]);
        timing.afterDrop(Duration.ofMinutes(5), 1); // the broker went down under a stable tunnel

        // A restart of a few minutes: 75 refused dials, each wait at most 4 s.
        for (int i = 0; i < 75; i++) {
            Duration wait = timing.afterRefused();
            assertEquals(RedialTiming.REFUSED_CEILING, wait, "refused dial " + i);
            now[0] += wait.toNanos();
        }
        assertEquals(0, timing.attempts(), "the backoff did not move");

        // The port accepts, the broker is busy: the backoff starts from the base, as after a stable tunnel.
        assertEquals(BASE, timing.afterFailure());
        assertEquals(Duration.ofSeconds(2), timing.afterFailure());
    }

    @Test
    void aBrokerThatStaysDownPastTheWindowIsDialedOnTheBackoffUpToItsCap() {
        long[] now = {0};
        RedialTiming timing = new RedialTiming(new Backoff(BASE, CAP, WORST), WORST, () -> now[0]);
        timing.afterRefused();
        now[0] = RedialTiming.REFUSED_WINDOW.toNanos();
        assertEquals(RedialTiming.REFUSED_CEILING, timing.afterRefused(), "still within the window");

        now[0] += 1;
        assertEquals(BASE, timing.afterRefused(), "past it: the backoff");
        for (int i = 0; i < 12; i++) {
            timing.afterRefused();
        }
        assertEquals(CAP, timing.afterRefused(), "an outage, not a restart: the 12-minute cap protects the broker");

        now[0] += Duration.ofHours(1).toNanos();
        timing.afterFailure(); // it answered once (busy) and went away again
        assertEquals(RedialTiming.REFUSED_CEILING, timing.afterRefused(), "a new restart gets the short schedule");
    }

    @Test
    void aBusyBrokerIsRedialedOnTheBackoffButNeverLaterThanHalfAMinute() {
        RedialTiming timing = new RedialTiming(new Backoff(BASE, CAP, WORST), WORST, () -> 0);
        assertEquals(BASE, timing.afterBusy(), "the first busy close: the backoff's first step");
        assertEquals(BASE.multipliedBy(2), timing.afterBusy());
        for (int i = 0; i < 12; i++) {
            timing.afterBusy();
        }
        assertEquals(RedialTiming.BUSY_CAP, timing.afterBusy(), "a broker that answers busy is alive: 30 s at most");
        assertEquals(CAP, timing.afterFailure(), "any other failure keeps the 12-minute cap");
    }

    @Test
    void refusedWaitsAreJitteredSoAFleetDoesNotArriveTogether() {
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int i = 0; i < 100; i++) {
            RedialTiming timing = new RedialTiming(new Backoff(BASE, CAP), new SplittableRandom(i), () -> 0);
            Duration wait = timing.afterRefused();
            assertTrue(!wait.isNegative() && wait.compareTo(RedialTiming.REFUSED_CEILING) <= 0, wait::toString);
            seen.add(wait.toMillis() / 250);
        }
        assertTrue(seen.size() > 10, "spread over the four seconds: " + seen);
    }

    @Test
    void aClosedPortCountsAsRefusedButAConnectTimeoutOrAFailedHandshakeDoesNot() throws Exception {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        io.netty.channel.EventLoopGroup loop = new io.netty.channel.MultiThreadIoEventLoopGroup(1,
                io.netty.channel.nio.NioIoHandler.newFactory());
        try {
            io.netty.channel.ChannelFuture dial = new io.netty.bootstrap.Bootstrap().group(loop)
                    .channel(io.netty.channel.socket.nio.NioSocketChannel.class)
                    .handler(new io.netty.channel.ChannelInboundHandlerAdapter())
                    .connect(java.net.InetAddress.getLoopbackAddress(), closed).awaitUninterruptibly();
            assertTrue(TunnelClient.refused(dial.cause()), String.valueOf(dial.cause()));
        } finally {
            loop.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        }
        assertFalse(TunnelClient.refused(new io.netty.channel.ConnectTimeoutException("connection timed out")));
        assertFalse(TunnelClient.refused(new javax.net.ssl.SSLHandshakeException("handshake failed")));
    }
}
