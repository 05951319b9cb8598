package dev.hoshu.broker.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.FieldSource;

/** Locks: kept with their history, and of several unlocks racing on several nodes exactly one lifts the lock. */
@ParameterizedClass(name = "{0}")
@FieldSource("dev.hoshu.broker.state.StoresUnderTest#BACKENDS")
class LockStoreContractTest extends StoreContract {

    static Lock lock(String id, LockKind kind, String value) {
        return new Lock(id, kind, value, "hosp-a", "scanner needed \"now\" 日本語", "tanaka", T0,
                kind == LockKind.SESSION ? T0.plusSeconds(600) : null, null, null, null);
    }

    @Test
    void locksSurviveAndUnlockedOnesAreKept() {
        LockStore store = stores.locks();
        store.insert(lock("l-1", LockKind.DEVICE, "CT-01"));
        store.insert(lock("l-2", LockKind.SESSION, "s-1"));
        store.update("l-1", l -> l.unlocked(T0.plusSeconds(60), "suzuki", "scanner free"));

        LockStore next = stores.locks();
        assertThat(next.find("l-1").orElseThrow().activeAt(T0.plusSeconds(61))).isFalse();
        assertThat(next.find("l-1").orElseThrow().unlockReason()).isEqualTo("scanner free");
        assertThat(next.find("l-2")).contains(lock("l-2", LockKind.SESSION, "s-1"));
        assertThat(next.all()).hasSize(2);
        assertThat(next.find("l-3")).isEmpty();
        assertThat(next.update("l-3", l -> l)).isEmpty();
        assertThatThrownBy(() -> next.insert(lock("l-2", LockKind.HOSPITAL, "hosp-a")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void ofUnlocksRacingOnTwoNodesExactlyOneLiftsTheLock() throws Exception {
        stores.locks().insert(lock("l-1", LockKind.ENGINEER, "sato"));
        LockStore nodeA = stores.locks();
        LockStore nodeB = stores.secondNode(nodeA, stores::locks);
        AtomicInteger refused = new AtomicInteger();
        long won = winners(racers(12, i -> {
            try {
                (i % 2 == 0 ? nodeA : nodeB).update("l-1", current -> {
                    if (current.unlockedAt() != null) {
                        throw new IllegalStateException("already unlocked by " + current.unlockedBy());
                    }
                    return current.unlocked(T0, "approver-" + i, "done");
                });
                return true;
            } catch (IllegalStateException e) {
                refused.incrementAndGet();
                return false;
            }
        }));
        assertThat(won).isEqualTo(1);
        assertThat(refused).hasValue(11);
        assertThat(stores.locks().find("l-1").orElseThrow().unlockedBy()).startsWith("approver-");
    }
}
