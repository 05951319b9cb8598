package dev.hoshu.access;

/** Where an access request stands; only {@link #PENDING} requests can still be decided. */
public enum RequestStatus {
    PENDING,
    APPROVED,
    DENIED,
    /** Left undecided for longer than its pending lifetime ({@link AccessRequest#expiresAt}). */
    EXPIRED
}
