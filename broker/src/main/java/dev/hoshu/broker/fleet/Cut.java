package dev.hoshu.broker.fleet;

import java.util.Locale;

/**
 * A cut one node made that every other node applies to its own live sessions: every session under a grant (a kill
 * revokes the grant), every session on a device (decommissioned), or every session a new lock covers.
 *
 * @param kind   {@code grant}, {@code device} or {@code lock}
 * @param target the grant id, device id or lock id
 * @param origin the node that made the cut, which has already applied it
 * @param how    for a device cut, how the engineer is told the session ended; otherwise {@code null}
 */
public record Cut(String kind, String target, String origin, String by, String reason, String how) {

    public static Cut grant(String grantId, String origin, String by, String reason) {
        return new Cut("grant", grantId, origin, by, reason, null);
    }

    public static Cut device(String deviceId, String origin, String by, String reason, String how) {
        return new Cut("device", deviceId, origin, by, reason, how);
    }

    public static Cut lock(String lockId, String origin, String by, String reason) {
        return new Cut("lock", lockId, origin, by, reason, null);
    }

    @Override
    public String toString() {
        return kind.toLowerCase(Locale.ROOT) + " " + target + " from " + origin + " by " + by;
    }
}
