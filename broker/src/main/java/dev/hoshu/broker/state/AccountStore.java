package dev.hoshu.broker.state;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The accounts ledger in {@code state/accounts.json}, by subject. */
public final class AccountStore {

    private final JsonCollection<Account> accounts;

    public AccountStore(Path stateDir) {
        this.accounts = new JsonCollection<>(stateDir.resolve("accounts.json"), Account.class, Account::subject);
    }

    public Optional<Account> find(String subject) {
        return accounts.find(subject);
    }

    public List<Account> all() {
        return accounts.all();
    }

    /**
     * Replaces (or creates) the account with {@code change(current)} atomically; returning the same instance writes
     * nothing, and {@code change} may throw to refuse.
     */
    public synchronized Account merge(String subject, Function<Optional<Account>, Account> change) {
        Optional<Account> current = accounts.find(subject);
        Account next = change.apply(current);
        if (current.isEmpty() || next != current.get()) {
            accounts.put(next);
        }
        return next;
    }
}
