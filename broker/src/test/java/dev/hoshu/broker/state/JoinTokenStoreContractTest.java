package dev.hoshu.broker.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.FieldSource;

/** Join tokens: one use only, even with agents racing on two nodes. */
@ParameterizedClass(name = "{0}")
@FieldSource("dev.hoshu.broker.state.StoresUnderTest#BACKENDS")
class JoinTokenStoreContractTest extends StoreContract {

    static JoinTokenRecord token(String id) {
        return new JoinTokenRecord(id, "ab".repeat(32), "CT-01", "hosp-a", "tanaka", T0, T0.plusSeconds(3600), null);
    }

    @Test
    void aTokenIsUsedExactlyOnceWhenAgentsRaceOnTwoNodes() throws Exception {
        stores.tokens().insert(token("tok1"));
        JoinTokenStore nodeA = stores.tokens();
        JoinTokenStore nodeB = stores.secondNode(nodeA, stores::tokens);
        long won = winners(racers(16, i -> (i % 2 == 0 ? nodeA : nodeB).markUsed("tok1", T0.plusSeconds(i))));

        assertThat(won).isEqualTo(1);
        assertThat(stores.tokens().find("tok1").orElseThrow().usedAt()).isNotNull();
        assertThat(stores.tokens().markUsed("tok1", T0)).isFalse();
    }

    @Test
    void anUnknownTokenIsNeitherFoundNorUsed() {
        stores.tokens().insert(token("tok1"));
        assertThat(stores.tokens().markUsed("no-such-token", T0)).isFalse();
        assertThat(stores.tokens().find("no-such-token")).isEmpty();
        assertThat(stores.tokens().find("tok1")).contains(token("tok1"));
    }
}
