package dev.hoshu.broker.accounts;

import dev.hoshu.api.AccountsController;
import dev.hoshu.api.DisabledAccountFilter;
import dev.hoshu.api.identity.JwtActors;
import dev.hoshu.broker.audit.AuditTrail;
import dev.hoshu.broker.audit.FileAuditTrail;
import dev.hoshu.broker.locks.Locks;
import dev.hoshu.broker.state.AccountStore;
import dev.hoshu.broker.state.GrantStore;
import dev.hoshu.broker.state.RecordCollections;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The accounts ledger, fed by API calls and the audit trail; the review API; the disabled-account check. */
@Configuration(proxyBeanMethods = false)
@Import(AccountsController.class)
public class AccountsConfiguration {

    @Bean
    AccountStore accountStore(RecordCollections collections) {
        return new AccountStore(collections);
    }

    @Bean
    AccountLedger accountLedger(AccountStore store, FileAuditTrail trail, Clock clock) {
        AccountLedger ledger = new AccountLedger(store, clock);
        trail.afterRecord(ledger::observe);
        return ledger;
    }

    @Bean
    Accounts accountService(AccountStore store, AccountLedger ledger, GrantStore grants, Locks locks,
                            AuditTrail audit, Clock clock) {
        return new Accounts(store, ledger, grants, locks, audit, clock);
    }

    @Bean
    DisabledAccountFilter disabledAccountFilter(JwtActors actors, Accounts accounts) {
        return new DisabledAccountFilter(actors, accounts);
    }
}
