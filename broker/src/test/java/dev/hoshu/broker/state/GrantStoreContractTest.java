package dev.hoshu.broker.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoshu.access.Grant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.FieldSource;

/** Grants: every field survives, the first revocation wins, and a revocation on one node is seen on the next. */
@ParameterizedClass(name = "{0}")
@FieldSource("dev.hoshu.broker.state.StoresUnderTest#BACKENDS")
class GrantStoreContractTest extends StoreContract {

    @Test
    void aGrantSurvivesWithEveryField() {
        stores.grants().insert(grant("g-1"));
        assertThat(stores.grants().find("g-1")).contains(grant("g-1"));
        assertThat(stores.grants().all()).containsExactly(grant("g-1"));
        assertThat(stores.grants().find("g-2")).isEmpty();
        assertThatThrownBy(() -> stores.grants().insert(grant("g-1"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aRevocationOnOneNodeHoldsOnTheNextAndTheFirstReasonWins() {
        GrantStore nodeA = stores.grants();
        GrantStore nodeB = stores.secondNode(nodeA, stores::grants);
        nodeA.insert(grant("g-1"));
        nodeA.revoke("g-1", "killed by tanaka: patient arriving");
        nodeB.revoke("g-1", "second reason");
        nodeB.revoke("g-unknown", "nothing happens");

        Grant revoked = stores.grants().find("g-1").orElseThrow();
        assertThat(revoked.revokedAt()).isEqualTo(T0);
        assertThat(revoked.revokedReason()).isEqualTo("killed by tanaka: patient arriving");
        assertThat(revoked.approvers()).containsExactly("tanaka");
        assertThat(stores.grants().find("g-unknown")).isEmpty();
    }
}
