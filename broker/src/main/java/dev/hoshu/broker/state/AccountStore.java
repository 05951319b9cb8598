package dev.hoshu.broker.state;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** The accounts ledger in the collection {@code accounts}, by subject: a disabled account is disabled on every node. */
public final class AccountStore {

    private final RecordCollection<Account> accounts;
    private final Map<String, Account> lastRead = new ConcurrentHashMap<>();

    public AccountStore(RecordCollections collections) {
        this.accounts = collections.open("accounts", Account.class, Account::subject);
    }

    public Optional<Account> find(String subject) {
        Optional<Account> found = accounts.find(subject);
        found.ifPresent(account -> lastRead.put(subject, account));
        return found;
    }

    /**
     * The account as the store has it or, when the store cannot answer (Redis unreachable), as this node last read
     * it. Only for the disabled check on API calls: while the shared store is away, nothing it guards (approvals,
     * sessions, certificates) can be granted anyway, and the calls that still work (lists of this node's sessions,
     * kills) must not turn into errors; an account disabled before the outage stays refused.
     */
    public Optional<Account> findOrLastRead(String subject) {
        try {
            return find(subject);
        } catch (StateUnavailableException e) {
            return Optional.ofNullable(lastRead.get(subject));
        }
    }

    public List<Account> all() {
        return accounts.all();
    }

    /**
     * Replaces (or creates) the account with {@code change(current)} atomically; returning the same instance writes
     * nothing, and {@code change} may throw to refuse.
     */
    public Account merge(String subject, Function<Optional<Account>, Account> change) {
        Account merged = accounts.merge(subject, current -> change.apply(Optional.ofNullable(current)));
        lastRead.put(subject, merged);
        return merged;
    }
}
