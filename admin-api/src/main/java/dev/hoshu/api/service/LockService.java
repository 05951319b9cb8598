package dev.hoshu.api.service;

import dev.hoshu.access.Actor;
import java.util.List;

/** Locks: cutting remote maintenance of a session, device, engineer, company or hospital, and lifting the cut. */
public interface LockService {

    /** Stands the lock, ends every live session it covers and revokes every grant it covers. */
    LockView lock(Actor actor, NewLock lock);

    /** The locks of the actor's hospital standing now. */
    List<LockView> locks(Actor actor);

    LockView unlock(Actor actor, String lockId, String reason);
}
