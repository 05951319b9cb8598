package dev.hoshu.broker.state.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoshu.broker.fleet.PkiFingerprints;
import dev.hoshu.broker.pki.BrokerPki;
import dev.hoshu.broker.state.Ids;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first node of a fleet records its PKI's fingerprints in a real Redis; a node with a copy of its pki folder
 * joins, a node with a PKI of its own is refused in one line naming what differs.
 */
@ExtendWith(SharedRedis.class)
class RedisFleetPkiTest {

    @TempDir
    Path dir;
    private RedisConnections redis;

    @BeforeEach
    void connect(SharedRedis.Deployments deployments) {
        redis = RedisConnections.open(deployments.get("standalone").settings("t" + Ids.random(8)));
    }

    @AfterEach
    void close() {
        redis.close();
    }

    @Test
    void aNodeWithACopyOfTheFirstNodesPkiJoinsAndOneWithItsOwnIsRefused() throws IOException {
        BrokerPki first = pki(dir.resolve("a/pki"), "node-a");
        RedisFleetPki.join(redis, PkiFingerprints.of(first, "node-a"));
        copy(dir.resolve("a/pki"), dir.resolve("b/pki"));
        BrokerPki copied = pki(dir.resolve("b/pki"), "node-b");
        RedisFleetPki.join(redis, PkiFingerprints.of(copied, "node-b"));
        RedisFleetPki.join(redis, PkiFingerprints.of(first, "node-a"));

        BrokerPki own = pki(dir.resolve("c/pki"), "node-c");
        assertThatThrownBy(() -> RedisFleetPki.join(redis, PkiFingerprints.of(own, "node-c")))
                .hasMessageStartingWith("refused: node node-c cannot join the fleet: its PKI is not the fleet's (")
                .hasMessageContaining("user CA SHA256:")
                .hasMessageContaining("device CA SHA256-pin:")
                .hasMessageContaining("broker SSH key SHA256:")
                .hasMessageContaining("first recorded by node node-a")
                .hasMessageContaining("copy the pki folder of a running node")
                .hasMessageNotContaining("\n");
    }

    @Test
    void onlyTheDifferingPartIsNamed() throws IOException {
        BrokerPki first = pki(dir.resolve("a/pki"), "node-a");
        RedisFleetPki.join(redis, PkiFingerprints.of(first, "node-a"));
        copy(dir.resolve("a/pki"), dir.resolve("b/pki"));
        Files.delete(dir.resolve("b/pki/user-ca.key"));
        BrokerPki newUserCa = pki(dir.resolve("b/pki"), "node-b");

        assertThatThrownBy(() -> RedisFleetPki.join(redis, PkiFingerprints.of(newUserCa, "node-b")))
                .hasMessageContaining("user CA SHA256:")
                .hasMessageNotContaining("device CA")
                .hasMessageNotContaining("broker SSH key");
    }

    @Test
    void anUnreadableFleetRecordRefusesTheNode() throws IOException {
        BrokerPki first = pki(dir.resolve("a/pki"), "node-a");
        String key = RedisKeys.of(redis.settings()).fleetPki();
        redis.call(c -> c.set(key, "{not json"));
        assertThatThrownBy(() -> RedisFleetPki.join(redis, PkiFingerprints.of(first, "node-a")))
                .hasMessage("refused: node node-a cannot join the fleet: the fleet's PKI record " + key
                        + " is unreadable; an operator must repair or delete it");
        redis.call(c -> c.set(key, "{\"node\":\"node-a\"}"));
        assertThatThrownBy(() -> RedisFleetPki.join(redis, PkiFingerprints.of(first, "node-a")))
                .hasMessageContaining("is incomplete");
        assertThat((String) redis.call(c -> c.get(key))).isEqualTo("{\"node\":\"node-a\"}");
    }

    @Test
    void afterARotationsSwitchTheNewCaIsTheFleetsAndANodeOnTheOldOneIsRefused() throws IOException {
        BrokerPki first = pki(dir.resolve("a/pki"), "node-a");
        RedisFleetPki.join(redis, PkiFingerprints.of(first, "node-a"));
        copy(dir.resolve("a/pki"), dir.resolve("b/pki"));
        BrokerPki lagging = pki(dir.resolve("b/pki"), "node-b");

        first.deviceCas().prepare(() -> { });
        first.deviceCas().switchOver(() -> { });
        RedisFleetPki.replace(redis, PkiFingerprints.of(first, "node-a"));

        RedisFleetPki.join(redis, PkiFingerprints.of(first, "node-a"));
        assertThatThrownBy(() -> RedisFleetPki.join(redis, PkiFingerprints.of(lagging, "node-b")))
                .hasMessageContaining("device CA SHA256-pin:")
                .hasMessageNotContaining("user CA");
    }

    private static BrokerPki pki(Path pkiDir, String node) throws IOException {
        return BrokerPki.openOrCreate(pkiDir, List.of("127.0.0.1"), node, Clock.systemUTC());
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }
}
