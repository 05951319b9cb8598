package dev.hoshu.broker.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoshu.access.AccessRequest;
import dev.hoshu.access.RequestStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.FieldSource;

/** Requests: every field survives, ids are unique, a change is atomic and a refused change changes nothing. */
@ParameterizedClass(name = "{0}")
@FieldSource("dev.hoshu.broker.state.StoresUnderTest#BACKENDS")
class RequestStoreContractTest extends StoreContract {

    @Test
    void aRequestSurvivesWithEveryFieldForTheNextNode() {
        RequestStore store = stores.requests();
        store.insert(request("r-aaaaaaaaaa"));
        store.update("r-aaaaaaaaaa", r -> r.approved("tanaka", "g-bbbbbbbbbb"));

        AccessRequest read = stores.requests().find("r-aaaaaaaaaa").orElseThrow();
        assertThat(read).isEqualTo(request("r-aaaaaaaaaa").approved("tanaka", "g-bbbbbbbbbb"));
        assertThat(read.status()).isEqualTo(RequestStatus.APPROVED);
        assertThat(stores.requests().all()).containsExactly(read);
    }

    @Test
    void aDuplicateIdIsRefusedAndTheFirstRequestStays() {
        RequestStore store = stores.requests();
        store.insert(request("r-1"));
        AccessRequest other = request("r-1").approved("tanaka", "g-1");
        assertThatThrownBy(() -> store.insert(other)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("duplicate id r-1");
        assertThat(stores.requests().find("r-1").orElseThrow().status()).isEqualTo(RequestStatus.PENDING);
    }

    @Test
    void unknownIdsAreEmptyAndARefusedChangeWritesNothing() {
        RequestStore store = stores.requests();
        store.insert(request("r-1"));
        assertThat(store.find("r-unknown")).isEmpty();
        assertThat(store.find(null)).isEmpty();
        assertThat(store.update("r-unknown", r -> r.approved("tanaka", "g-1"))).isEmpty();
        assertThatThrownBy(() -> store.update("r-1", r -> {
            throw new IllegalStateException("refused: already decided");
        })).hasMessage("refused: already decided");
        assertThat(stores.requests().find("r-1").orElseThrow()).isEqualTo(request("r-1"));
        assertThat(stores.requests().all()).hasSize(1);
    }

    @Test
    void ofTwoNodesDecidingOneRequestExactlyOneWins() throws Exception {
        stores.requests().insert(request("r-1"));
        RequestStore nodeA = stores.requests();
        RequestStore nodeB = stores.secondNode(nodeA, stores::requests);
        long won = winners(racers(12, i -> {
            boolean[] mine = {false};
            (i % 2 == 0 ? nodeA : nodeB).update("r-1", r -> {
                mine[0] = r.status() == RequestStatus.PENDING;
                return mine[0] ? r.approved("approver-" + i, "g-" + i) : r;
            });
            return mine[0];
        }));
        assertThat(won).isEqualTo(1);
        assertThat(stores.requests().find("r-1").orElseThrow().status()).isEqualTo(RequestStatus.APPROVED);
    }
}
