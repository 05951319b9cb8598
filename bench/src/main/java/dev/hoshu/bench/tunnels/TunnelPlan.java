package dev.hoshu.bench.tunnels;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What {@code bin/bench tunnels} does: how many simulated agents, from how many loopback source addresses, how
 * long the idle tunnels are held (longer than the agents' 45 s heartbeat timeout, so heartbeats are what keeps
 * them), how much heap the broker gets, how many enrol at once, the reconnect storm's target, and broker settings
 * to try (for instance a lower {@code hoshu.tunnel.max-concurrent-handshakes}).
 *
 * @param brokerSettings {@code hoshu.KEY=VALUE} pairs, given to the broker as Java system properties
 */
public record TunnelPlan(int agents, int sources, Duration hold, String brokerHeap, int enrolThreads,
        Duration stormTarget, List<String> brokerSettings) {

    // One word each: bin/quickstart splits HOSHU_JAVA_OPTS on spaces, and a shell word must not come through.
    private static final Pattern SETTING = Pattern.compile("hoshu\\.[a-z0-9.-]{1,80}=[A-Za-z0-9._:-]{1,80}");

    /** The issue's sizes: 20,000 idle tunnels, a storm of all of them back within 60 s. */
    public static final int ISSUE_AGENTS = 20_000;

    public TunnelPlan {
        if (agents < 1 || agents > 60_000) {
            throw new IllegalArgumentException("--agents must be 1 to 60000, not " + agents);
        }
        if (sources < 1 || sources > 250) {
            throw new IllegalArgumentException("--sources must be 1 to 250, not " + sources);
        }
        if (enrolThreads < 1 || enrolThreads > 64) {
            throw new IllegalArgumentException("--enrol-threads must be 1 to 64, not " + enrolThreads);
        }
        if (!brokerHeap.matches("[1-9][0-9]{0,5}[mMgG]")) {
            throw new IllegalArgumentException("--broker-heap must be like 512m or 4g, not '" + brokerHeap + "'");
        }
        brokerSettings = List.copyOf(brokerSettings);
        for (String setting : brokerSettings) {
            if (!SETTING.matcher(setting).matches()) {
                throw new IllegalArgumentException("--broker-setting must be like hoshu.tunnel.max-concurrent-handshakes=16 "
                        + "(letters, digits, . _ : -), not '" + dev.hoshu.bench.process.OneLine.of(setting) + "'");
            }
        }
    }

    public TunnelPlan(int agents, int sources, Duration hold, String brokerHeap, int enrolThreads,
                      Duration stormTarget) {
        this(agents, sources, hold, brokerHeap, enrolThreads, stormTarget, List.of());
    }

    /** What the broker's JVM is started with: its heap, then each setting as a system property. */
    public String brokerJavaOptions() {
        StringBuilder options = new StringBuilder("-Xmx").append(brokerHeap);
        brokerSettings.forEach(setting -> options.append(" -D").append(setting));
        return options.toString();
    }
}
