package dev.hoshu.broker.state.redis;

import dev.hoshu.broker.fleet.PkiFingerprints;
import io.lettuce.core.SetArgs;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fleet's PKI fingerprints in {@code hoshu:{fleet}:pki}: written once by the first node that starts, compared by
 * every node after it. A record nobody can read refuses the node as a differing one would (fail closed).
 */
public final class RedisFleetPki {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RedisFleetPki() {
    }

    /**
     * Records this node's fingerprints if the fleet has none yet, else compares them with the fleet's.
     *
     * @throws IllegalStateException one line naming what differs, when this node's PKI is not the fleet's
     */
    public static void join(RedisConnections redis, PkiFingerprints here) {
        String key = RedisKeys.of(redis.settings()).fleetPki();
        redis.call(c -> c.set(key, JSON.writeValueAsString(here), SetArgs.Builder.nx()));
        String recorded = redis.call(c -> c.get(key));
        PkiFingerprints fleet;
        try {
            fleet = JSON.readValue(recorded, PkiFingerprints.class);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new IllegalStateException("refused: node " + here.node() + " cannot join the fleet: the fleet's PKI"
                    + " record " + key + " is unreadable; an operator must repair or delete it");
        }
        if (fleet == null || fleet.userCa() == null || fleet.deviceCa() == null || fleet.brokerSsh() == null) {
            throw new IllegalStateException("refused: node " + here.node() + " cannot join the fleet: the fleet's PKI"
                    + " record " + key + " is incomplete; an operator must repair or delete it");
        }
        here.refusalAgainst(fleet).ifPresent(refusal -> {
            throw new IllegalStateException(refusal);
        });
    }

    /**
     * Replaces the fleet's record with this node's fingerprints: after a device CA rotation's switch on this node,
     * so that nodes restarted with a copy of its new pki folder join and nodes still on the old one are refused.
     */
    public static void replace(RedisConnections redis, PkiFingerprints here) {
        String key = RedisKeys.of(redis.settings()).fleetPki();
        redis.call(c -> c.set(key, JSON.writeValueAsString(here)));
    }
}
