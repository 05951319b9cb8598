package dev.hoshu.api.service;

/**
 * What a lock stops, as the API spells it.
 *
 * @param kind  {@code session}, {@code device}, {@code engineer}, {@code company} or {@code hospital}
 * @param value the session id, device id, engineer's user id or company id; for {@code hospital} the caller's
 *              own hospital (may be left out)
 */
public record LockTarget(String kind, String value) {
}
