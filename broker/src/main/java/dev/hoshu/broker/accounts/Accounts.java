package dev.hoshu.broker.accounts;

import dev.hoshu.access.Actor;
import dev.hoshu.access.Grant;
import dev.hoshu.access.Names;
import dev.hoshu.access.TokyoTime;
import dev.hoshu.api.service.AccountDisableView;
import dev.hoshu.api.service.AccountReview;
import dev.hoshu.api.service.AccountService;
import dev.hoshu.api.service.AccountView;
import dev.hoshu.api.service.RefusedException;
import dev.hoshu.broker.audit.AuditTrail;
import dev.hoshu.broker.audit.AuditedAct;
import dev.hoshu.broker.audit.AuditedCall;
import dev.hoshu.broker.locks.Locks;
import dev.hoshu.broker.state.Account;
import dev.hoshu.broker.state.AccountDisable;
import dev.hoshu.broker.state.AccountStore;
import dev.hoshu.broker.state.GrantStore;
import dev.hoshu.broker.state.Lock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The account review and the disabling of accounts. The operator sees and disables every account, everywhere. A
 * hospital admin sees their hospital's accounts and the engineers who asked their hospital for access; disabling
 * one of their own hospital's accounts holds everywhere, disabling another organisation's engineer holds at their
 * hospital only. An everywhere disable refuses every API call; for engineers, the cut of grants, certificates, SSH
 * logins and live sessions is an engineer lock at each hospital concerned, so it takes the path every lock takes.
 */
public final class Accounts implements AccountService {

    private static final Logger log = LoggerFactory.getLogger(Accounts.class);
    static final String OPERATOR = "operator";
    static final String HOSPITAL_ADMIN = "hospital-admin";
    private static final int MAX_SUBJECT = 200;

    private final AccountStore store;
    private final AccountLedger ledger;
    private final GrantStore grants;
    private final Locks locks;
    private final AuditedCall audit;
    private final Clock clock;

    public Accounts(AccountStore store, AccountLedger ledger, GrantStore grants, Locks locks, AuditTrail trail,
                    Clock clock) {
        this.store = store;
        this.ledger = ledger;
        this.grants = grants;
        this.locks = locks;
        this.audit = new AuditedCall(trail);
        this.clock = clock;
    }

    @Override
    public void apiUse(Actor actor, String call) {
        Account account;
        try {
            account = ledger.seenOnApi(actor);
        } catch (RuntimeException e) {
            // Last use is for the review; whether the account is disabled is known without writing it down.
            log.warn("account ledger: last API use of {} not written: {}", actor.subject(), e.toString());
            account = store.findOrLastRead(actor.subject()).orElse(null);
        }
        Optional<AccountDisable> disabled = account == null ? Optional.empty()
                : account.disables().stream().filter(AccountDisable::everywhere).findFirst();
        if (disabled.isPresent()) {
            String line = refusal(actor.subject(), disabled.get());
            audit.run("api.call", actor, act -> {
                act.about(null, actor.subject()).detail("call", Names.printable(call));
                throw RefusedException.forbidden(line);
            });
        }
    }

    /** For example {@code denied: account sato was disabled by ops on 2026-11-21 10:00 JST: left the company}. */
    static String refusal(String subject, AccountDisable disable) {
        return "denied: account " + Names.printable(subject) + " was disabled by " + disable.by() + " on "
                + TokyoTime.format(disable.at()) + ": " + disable.reason();
    }

    @Override
    public AccountReview review(Actor actor, int dormantDays) {
        return audit.run("account.review", actor, act -> {
            requireReviewer(actor, "reviewing accounts");
            boolean operator = actor.hasRole(OPERATOR);
            act.about(hospitalOf(actor), null).detail("dormantDays", Integer.toString(dormantDays));
            Instant now = now();
            Instant dormantBefore = now.minus(Duration.ofDays(dormantDays));
            List<AccountView> accounts = store.all().stream()
                    .filter(account -> operator || reviewable(account, actor.organisation()))
                    .sorted(Comparator.comparing(Account::organisation, Comparator.nullsLast(String::compareTo))
                            .thenComparing(Account::subject))
                    .map(account -> view(account, actor, dormantBefore))
                    .toList();
            act.detail("accounts", Integer.toString(accounts.size()));
            return new AccountReview(now, dormantDays, accounts);
        });
    }

    @Override
    public AccountView disable(Actor actor, String subject, String reason) {
        return audit.run("account.disable", actor, act -> {
            act.about(hospitalOf(actor), Names.printable(subject));
            requireReviewer(actor, "disabling an account");
            Account account = visible(actor, subject);
            if (account.subject().equals(actor.subject())) {
                throw RefusedException.conflict("refused: you cannot disable your own account");
            }
            String why = reasonOf(reason, "disabling an account");
            String scope = scopeFor(actor, account);
            account.disables().stream().filter(d -> d.scope().equals(scope)).findFirst().ifPresent(d -> {
                throw RefusedException.conflict("refused: account " + account.subject() + " is already disabled"
                        + (d.everywhere() ? "" : " at " + d.scope()) + " by " + d.by() + " on "
                        + TokyoTime.format(d.at()));
            });
            Set<String> hospitals = hospitalsToLock(account, scope);
            act.about(scope.equals(AccountDisable.EVERYWHERE) ? hospitalOf(actor) : scope, account.subject())
                    .detail("scope", scope).detail("reason", why)
                    .detail("locks", hospitals.isEmpty() ? null : String.join(",", hospitals));
            act.allow();
            Instant at = now();
            String lockReason = "account " + account.subject() + " disabled: " + why;
            List<String> lockIds = new ArrayList<>();
            for (String hospital : hospitals) {
                Lock lock = locks.lockEngineerFor(hospital, account.subject(), lockReason, actor.subject(),
                        actor.organisation());
                lockIds.add(lock.id());
            }
            AccountDisable disable = new AccountDisable(scope, actor.subject(), actor.organisation(), at, why, lockIds);
            Account disabled = store.merge(account.subject(), current -> {
                Account base = current.orElse(account);
                List<AccountDisable> changed = new ArrayList<>(base.disables());
                changed.add(disable);
                return base.withDisables(changed);
            });
            log.info("account {} disabled {} by {}: {} (locks {})", account.subject(),
                    disable.everywhere() ? "everywhere" : "at " + scope, actor.subject(), why, lockIds);
            return view(disabled, actor, null);
        });
    }

    @Override
    public AccountView enable(Actor actor, String subject, String reason) {
        return audit.run("account.enable", actor, act -> {
            act.about(hospitalOf(actor), Names.printable(subject));
            requireReviewer(actor, "enabling an account");
            Account account = visible(actor, subject);
            String why = reasonOf(reason, "enabling an account");
            List<AccountDisable> liftable = account.disables().stream().filter(d -> mayLift(actor, d)).toList();
            if (liftable.isEmpty()) {
                Optional<AccountDisable> other = account.disables().stream().filter(d -> seenBy(actor, d)).findFirst();
                throw other.map(d -> RefusedException.forbidden("denied: account " + account.subject()
                                + " was disabled by " + d.by() + " of " + d.byOrganisation()
                                + "; only they or the platform operator can enable it"))
                        .orElseGet(() -> RefusedException.conflict("refused: account " + account.subject()
                                + " is not disabled"));
            }
            act.detail("reason", why).detail("scopes", String.join(",", liftable.stream().map(AccountDisable::scope)
                    .toList())).allow();
            for (AccountDisable disable : liftable) {
                for (String lockId : disable.locks()) {
                    locks.unlockFor(lockId, "account " + account.subject() + " enabled: " + why, actor.subject(),
                            actor.organisation());
                }
            }
            Account enabled = store.merge(account.subject(), current -> {
                Account base = current.orElse(account);
                return base.withDisables(base.disables().stream().filter(d -> !liftable.contains(d)).toList());
            });
            log.info("account {} enabled by {}: {}", account.subject(), actor.subject(), why);
            return view(enabled, actor, null);
        });
    }

    private static String hospitalOf(Actor actor) {
        return actor.hasRole(OPERATOR) ? null : actor.organisation();
    }

    /** The account as far as the actor may know of it; anyone else's is as unknown as a made-up subject. */
    private Account visible(Actor actor, String subject) {
        if (subject == null || subject.isBlank() || subject.length() > MAX_SUBJECT) {
            throw RefusedException.badRequest("refused: " + Names.quoted(subject) + " is not an account subject");
        }
        return store.find(subject)
                .filter(account -> actor.hasRole(OPERATOR) || reviewable(account, actor.organisation()))
                .orElseThrow(() -> RefusedException.notFound("unknown account " + Names.printable(subject)));
    }

    private static boolean reviewable(Account account, String hospital) {
        return hospital.equals(account.organisation())
                || account.roles().contains("engineer") && account.hospitals().contains(hospital)
                || account.hospitals().contains(hospital) && account.roles().isEmpty();
    }

    /** Everywhere for the operator and for a hospital's own staff; at the hospital only for others' engineers. */
    private static String scopeFor(Actor actor, Account account) {
        if (actor.hasRole(OPERATOR) || actor.organisation().equals(account.organisation())) {
            return AccountDisable.EVERYWHERE;
        }
        return actor.organisation();
    }

    /** Where an engineer lock must stand: every hospital the engineer asked or holds a live grant at, or the one. */
    private Set<String> hospitalsToLock(Account account, String scope) {
        if (!scope.equals(AccountDisable.EVERYWHERE)) {
            return Set.of(scope);
        }
        Instant now = clock.instant();
        Set<String> hospitals = new LinkedHashSet<>(account.hospitals());
        grants.all().stream()
                .filter(grant -> grant.engineer().equals(account.subject()) && grant.revokedAt() == null
                        && now.isBefore(grant.notAfter()))
                .map(Grant::hospital)
                .forEach(hospitals::add);
        return hospitals;
    }

    private static boolean mayLift(Actor actor, AccountDisable disable) {
        if (actor.hasRole(OPERATOR)) {
            return true;
        }
        return disable.everywhere() ? actor.organisation().equals(disable.byOrganisation())
                : actor.organisation().equals(disable.scope());
    }

    private static boolean seenBy(Actor actor, AccountDisable disable) {
        return actor.hasRole(OPERATOR) || disable.everywhere() || disable.scope().equals(actor.organisation());
    }

    private AccountView view(Account account, Actor actor, Instant dormantBefore) {
        Instant before = dormantBefore == null ? now().minus(Duration.ofDays(90)) : dormantBefore;
        boolean dormant = account.roles().contains("engineer") && account.lastActive().isBefore(before);
        List<AccountDisableView> disables = account.disables().stream()
                .filter(d -> seenBy(actor, d))
                .map(d -> new AccountDisableView(d.scope(), d.by(), d.at(), d.reason(), d.locks()))
                .toList();
        return new AccountView(account.subject(), account.organisation(), account.roles(), account.displayName(),
                account.firstSeen(), account.lastApiUse(), account.lastSshSession(), account.lastActive(),
                account.hospitals(), dormant, disables);
    }

    private static void requireReviewer(Actor actor, String action) {
        if (!(actor.hasRole(OPERATOR) || actor.hasRole(HOSPITAL_ADMIN))) {
            throw RefusedException.forbidden("denied: " + action + " needs the hospital-admin or operator role");
        }
    }

    private static String reasonOf(String reason, String what) {
        if (reason == null || reason.isBlank()) {
            throw RefusedException.badRequest("refused: " + what + " needs a reason");
        }
        String line = Names.printable(reason.strip());
        return line.length() > 500 ? line.substring(0, 500) : line;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
