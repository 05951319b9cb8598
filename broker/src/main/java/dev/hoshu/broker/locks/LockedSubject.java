package dev.hoshu.broker.locks;

import dev.hoshu.access.Grant;
import dev.hoshu.broker.killswitch.LiveSession;

/**
 * What a lock may cover: a session (or a grant, before any session exists) as the device, engineer, company and
 * hospital it involves.
 *
 * @param session the session id, or {@code null} for a grant or a request
 */
public record LockedSubject(String session, String device, String engineer, String company, String hospital) {

    public static LockedSubject of(LiveSession session) {
        return new LockedSubject(session.id(), session.device(), session.engineer(), session.company(),
                session.hospital());
    }

    public static LockedSubject of(Grant grant) {
        return new LockedSubject(null, grant.device(), grant.engineer(), grant.company(), grant.hospital());
    }
}
