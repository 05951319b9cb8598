package dev.hoshu.api.service;

import java.time.Instant;
import java.util.List;

/**
 * One disable of an account.
 *
 * @param scope {@code everywhere}, or the hospital id where only that hospital cut the account off
 * @param locks the engineer locks that carry the cut to grants, certificates and SSH logins
 */
public record AccountDisableView(String scope, String by, Instant at, String reason, List<String> locks) {

    public AccountDisableView {
        locks = List.copyOf(locks);
    }
}
