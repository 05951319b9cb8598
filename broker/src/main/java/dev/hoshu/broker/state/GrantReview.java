package dev.hoshu.broker.state;

import java.time.Instant;

/** A hospital approver's look, after the fact, at a grant opened as emergency access. */
public record GrantReview(String grantId, String hospital, String reviewedBy, Instant reviewedAt, String note) {
}
