package dev.hoshu.broker.notify;

import java.time.Instant;
import java.util.List;

/**
 * One cut of remote maintenance as a hospital's systems are told of it: a session killed, a lock stood or lifted,
 * the device confirming it stopped a cut session's tool, or the device switched off (or on) on site.
 *
 * @param event     {@code session.killed}, {@code lock.created}, {@code lock.removed}, {@code session.stopped},
 *                  {@code device.switched-off}, {@code device.switched-on}
 * @param hospital  whose remote maintenance was cut; only that hospital's subscribers hear of it
 * @param actor     who cut (the subject), or {@code device:CT-01} for what a device reported
 * @param target    what was cut: {@code session}, {@code device}, {@code engineer}, {@code company} or
 *                  {@code hospital} and its value
 * @param lockId    the lock stood or lifted, else {@code null}
 * @param sessions  the sessions this cut ended (empty when none ran, or for an unlock)
 * @param grants    the grants this cut revoked
 * @param processes for {@code session.stopped}: how many processes of the tool's tree the device stopped
 */
public record CutNotice(String event, String hospital, String actor, String reason, Instant at, Target target,
                        String lockId, List<String> sessions, List<String> grants, Integer processes) {

    public CutNotice {
        sessions = sessions == null ? List.of() : List.copyOf(sessions);
        grants = grants == null ? List.of() : List.copyOf(grants);
    }

    /** What a cut aims at, as locks name it. */
    public record Target(String kind, String value) {
    }
}
