package dev.hoshu.broker.accounts;

import dev.hoshu.access.Actor;
import dev.hoshu.audit.AuditEvent;
import dev.hoshu.broker.state.Account;
import dev.hoshu.broker.state.AccountStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * Keeps the ledger from what the broker sees: every API call (from the caller's verified token) and, from the audit
 * trail, every SSH session started and every request made. Repeated API calls within a minute are not written again:
 * the review counts days, and the ledger must not cost a disk write per call.
 */
public final class AccountLedger {

    static final Duration API_USE_RESOLUTION = Duration.ofMinutes(1);

    private final AccountStore store;
    private final Clock clock;

    public AccountLedger(AccountStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public Account seenOnApi(Actor actor) {
        Instant now = now();
        List<String> roles = actor.roles().stream().sorted().toList();
        return store.merge(actor.subject(), current -> current
                .map(account -> unchanged(account, actor, roles, now) ? account
                        : account.usedApi(actor.organisation(), roles, actor.displayName(), now))
                .orElseGet(() -> Account.firstSeen(actor.subject(), actor.organisation(), roles, actor.displayName(),
                        now).usedApi(actor.organisation(), roles, actor.displayName(), now)));
    }

    /** Audit trail listener: sessions started and requests made, as allowed events of the audit log say. */
    public void observe(AuditEvent event) {
        if (event.outcome() != AuditEvent.Outcome.ALLOWED || event.actor() == null) {
            return;
        }
        switch (event.action()) {
            case "session.start" -> store.merge(event.actor(), current -> current
                    .orElseGet(() -> Account.firstSeen(event.actor(), event.organisation(), List.of(), event.actor(),
                            now()))
                    .startedSsh(now()).askedAt(event.hospital()));
            case "request.create" -> store.merge(event.actor(), current -> current
                    .orElseGet(() -> Account.firstSeen(event.actor(), event.organisation(), List.of(), event.actor(),
                            now()))
                    .askedAt(event.hospital()));
            default -> {
                // Other acts say nothing new about who holds which role.
            }
        }
    }

    private static boolean unchanged(Account account, Actor actor, List<String> roles, Instant now) {
        return Objects.equals(account.organisation(), actor.organisation()) && account.roles().equals(roles)
                && Objects.equals(account.displayName(), actor.displayName()) && account.lastApiUse() != null
                && Duration.between(account.lastApiUse(), now).compareTo(API_USE_RESOLUTION) < 0;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
