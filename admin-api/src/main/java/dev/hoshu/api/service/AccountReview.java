package dev.hoshu.api.service;

import java.time.Instant;
import java.util.List;

/** Who holds which role, as of {@code at}; engineers idle longer than {@code dormantDays} are flagged. */
public record AccountReview(Instant at, int dormantDays, List<AccountView> accounts) {

    public AccountReview {
        accounts = List.copyOf(accounts);
    }
}
