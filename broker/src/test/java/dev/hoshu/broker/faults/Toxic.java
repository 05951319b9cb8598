package dev.hoshu.broker.faults;

import java.util.Map;
import java.util.Set;

/**
 * One fault on one direction of a proxy, as Toxiproxy describes it.
 *
 * @param stream     {@code upstream} (client to server) or {@code downstream} (server to client)
 * @param toxicity   the chance, per connection, that the fault applies
 * @param attributes the type's numbers: {@code latency}/{@code jitter} ms, {@code rate} KB/s, {@code timeout} ms,
 *                   {@code average_size}/{@code size_variation} bytes with {@code delay} µs, {@code bytes}
 */
record Toxic(String name, String type, String stream, double toxicity, Map<String, Long> attributes) {

    static final Set<String> TYPES = Set.of("latency", "bandwidth", "timeout", "reset_peer", "slicer", "limit_data",
            "slow_close");
    static final Set<String> STREAMS = Set.of("upstream", "downstream");

    Toxic {
        attributes = Map.copyOf(attributes);
    }

    long attribute(String key) {
        return attributes.getOrDefault(key, 0L);
    }

    Toxic withAttributes(Map<String, Long> changed, Double newToxicity) {
        Map<String, Long> merged = new java.util.HashMap<>(attributes);
        merged.putAll(changed);
        return new Toxic(name, type, stream, newToxicity == null ? toxicity : newToxicity, merged);
    }

    /** The JSON Toxiproxy answers with. */
    Map<String, Object> json() {
        return Map.of("name", name, "type", type, "stream", stream, "toxicity", toxicity, "attributes", attributes);
    }
}
