package dev.hoshu.bench.tunnels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TunnelPlanTest {

    @Test
    void brokerSettingsReachTheBrokerAsSystemPropertiesAfterItsHeap() {
        TunnelPlan plan = new TunnelPlan(10, 8, Duration.ofSeconds(50), "2g", 4, Duration.ofSeconds(60),
                List.of("hoshu.tunnel.max-concurrent-handshakes=16", "hoshu.tunnel.handshake-timeout=20s"));

        assertEquals("-Xmx2g -Dhoshu.tunnel.max-concurrent-handshakes=16 -Dhoshu.tunnel.handshake-timeout=20s",
                plan.brokerJavaOptions());
        assertEquals("-Xmx512m", new TunnelPlan(10, 8, Duration.ofSeconds(50), "512m", 4, Duration.ofSeconds(60))
                .brokerJavaOptions());
    }
}
