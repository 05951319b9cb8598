package dev.hoshu.api;

import dev.hoshu.access.Actor;
import dev.hoshu.api.service.AccountReview;
import dev.hoshu.api.service.AccountService;
import dev.hoshu.api.service.AccountView;
import dev.hoshu.api.service.RefusedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The periodic account review (REQ-ACC-7): who holds which role, who is dormant, and disabling accounts. */
@RestController
@RequestMapping("/api/v1/accounts")
public class AccountsController {

    static final String OPERATOR = "operator";

    private final AccountService accounts;

    public AccountsController(AccountService accounts) {
        this.accounts = accounts;
    }

    @GetMapping("/review")
    Mono<AccountReview> review(Actor actor, @RequestParam(name = "dormant-days", required = false) String dormantDays) {
        Roles.require(actor, "reviewing accounts", Roles.HOSPITAL_ADMIN, OPERATOR);
        int days = days(dormantDays);
        return Blocking.call(() -> accounts.review(actor, days));
    }

    @PostMapping("/{subject}/disable")
    Mono<AccountView> disable(Actor actor, @PathVariable String subject,
                              @RequestBody(required = false) Mono<ReasonBody> body) {
        Roles.require(actor, "disabling an account", Roles.HOSPITAL_ADMIN, OPERATOR);
        return ReasonBody.reasonOf(body).flatMap(reason -> Blocking.call(() -> accounts.disable(actor, subject, reason)));
    }

    @PostMapping("/{subject}/enable")
    Mono<AccountView> enable(Actor actor, @PathVariable String subject,
                             @RequestBody(required = false) Mono<ReasonBody> body) {
        Roles.require(actor, "enabling an account", Roles.HOSPITAL_ADMIN, OPERATOR);
        return ReasonBody.reasonOf(body).flatMap(reason -> Blocking.call(() -> accounts.enable(actor, subject, reason)));
    }

    /** 90 days unless asked; a number from 1 to 3650, anything else is one line. */
    static int days(String asked) {
        if (asked == null || asked.isBlank()) {
            return 90;
        }
        try {
            int days = Integer.parseInt(asked.strip());
            if (days >= 1 && days <= 3650) {
                return days;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw RefusedException.badRequest("refused: dormant-days must be a whole number from 1 to 3650");
    }
}
