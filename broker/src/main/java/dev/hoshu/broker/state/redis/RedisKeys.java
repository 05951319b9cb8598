package dev.hoshu.broker.state.redis;

/**
 * The names of Hoshu's keys and channels. Each collection's name is a hash tag ({@code {grants}}), so whatever one
 * collection needs in one step lives in one Cluster slot.
 */
public record RedisKeys(String prefix) {

    public static RedisKeys of(RedisSettings settings) {
        return new RedisKeys(settings.keyPrefix());
    }

    /** The hash of one collection's records: {@code hoshu:{locks}:records}. */
    public String records(String collection) {
        return prefix + ":{" + collection + "}:records";
    }

    /** The hash of live sessions by id, each with its node and the time its entry lapses. */
    public String liveSessions() {
        return prefix + ":{sessions}:live";
    }

    /** The entry naming the node that holds a device's tunnel (one key per device, with a time to live). */
    public String tunnelOf(String device) {
        return prefix + ":{tunnels}:" + device;
    }

    /** The channel cuts travel on between nodes. */
    public String cutChannel() {
        return prefix + ":bus:cuts";
    }

    /** The fingerprints of the PKI every node of the fleet must share, recorded by the first node. */
    public String fleetPki() {
        return prefix + ":{fleet}:pki";
    }
}
