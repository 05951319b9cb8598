package dev.hoshu.broker.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoshu.report.RepairForm;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The records every other store keeps (organisations, contracts, policies, catalog, accounts, webhooks, reviews,
 * closures, who-does-what): what one node writes the next reads, ids are unique, and no change is lost when two
 * nodes change one record at once.
 */
@ParameterizedClass(name = "{0}")
@FieldSource("dev.hoshu.broker.state.StoresUnderTest#BACKENDS")
class RecordCollectionContractTest extends StoreContract {

    record Counter(String id, int value) {
    }

    private RecordCollection<Counter> counters() {
        return stores.collections().open("counters", Counter.class, Counter::id);
    }

    @Test
    void whatOneNodeWritesTheNextReadsAndADuplicateIdIsRefused() {
        RecordCollection<Counter> nodeA = counters();
        nodeA.insert(new Counter("c-1", 1));
        nodeA.put(new Counter("c-2", 2));
        nodeA.put(new Counter("c-2", 3));

        assertThatThrownBy(() -> nodeA.insert(new Counter("c-1", 9))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("duplicate id c-1");
        RecordCollection<Counter> next = counters();
        assertThat(next.find("c-1")).contains(new Counter("c-1", 1));
        assertThat(next.all()).containsExactlyInAnyOrder(new Counter("c-1", 1), new Counter("c-2", 3));
        assertThat(next.find("c-unknown")).isEmpty();
    }

    @Test
    void anUnknownRecordIsNotCreatedByUpdateAndARefusedChangeWritesNothing() {
        RecordCollection<Counter> store = counters();
        store.insert(new Counter("c-1", 1));

        assertThat(store.update("c-unknown", c -> new Counter(c.id(), 5))).isEmpty();
        assertThatThrownBy(() -> store.update("c-1", c -> {
            throw new IllegalStateException("refused: no");
        })).hasMessage("refused: no");
        assertThatThrownBy(() -> store.merge("c-1", c -> new Counter("c-other", 1)))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(counters().all()).containsExactly(new Counter("c-1", 1));
    }

    @Test
    void mergesFromTwoNodesAtOnceLoseNoChange() throws Exception {
        RecordCollection<Counter> nodeA = counters();
        RecordCollection<Counter> nodeB = stores.secondNode(nodeA, this::counters);

        winners(racers(24, i -> {
            (i % 2 == 0 ? nodeA : nodeB).merge("c-1", c -> new Counter("c-1", c == null ? 1 : c.value() + 1));
            return true;
        }));

        assertThat(counters().find("c-1")).contains(new Counter("c-1", 24));
    }

    @Test
    void ofTwoNodesClosingOneWorkOrderOneClosureStandsForBoth() throws Exception {
        WorkOrderClosureStore nodeA = new WorkOrderClosureRecords(stores.collections());
        WorkOrderClosureStore nodeB = stores.secondNode(nodeA, () -> new WorkOrderClosureRecords(stores.collections()));
        Set<String> standing = ConcurrentHashMap.newKeySet();

        long won = winners(racers(12, i -> {
            WorkOrderClosure mine = new WorkOrderClosure("r-1", "hosp-a", "done " + i, RepairForm.REMOTE_ONLY, null,
                    "ok", "none", "closer-" + i, T0);
            WorkOrderClosure kept = (i % 2 == 0 ? nodeA : nodeB).insertIfAbsent(mine);
            standing.add(kept.closedBy());
            return kept == mine || kept.equals(mine);
        }));

        assertThat(won).isEqualTo(1);
        assertThat(standing).hasSize(1);
        assertThat(new WorkOrderClosureRecords(stores.collections()).find("r-1").orElseThrow().closedBy())
                .isEqualTo(standing.iterator().next());
    }
}
