package dev.hoshu.access;

import java.time.Instant;

/**
 * One approver's yes to a request.
 *
 * @param start the later start this approver set, or {@code null} for "from the approval"
 */
public record RequestApproval(String approver, Instant at, Instant start) {
}
