package dev.hoshu.broker.gateway;

import dev.hoshu.access.CommandLine;
import dev.hoshu.access.Decision;
import dev.hoshu.access.Grant;
import dev.hoshu.access.GrantRules;
import dev.hoshu.broker.locks.ActiveLocks;
import dev.hoshu.broker.locks.LockedSubject;
import dev.hoshu.broker.state.GrantLookup;
import dev.hoshu.broker.state.StateUnavailableException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Asks the policy whether one command may run now. The grant is read again for every command, so a
 * revocation or a grant end stops new commands even on a connection that logged in earlier.
 */
final class CommandAdmission {

    /** What a transfer session's recording and audit events name as its tool. */
    static final String TRANSFER = "sftp";
    /** {@code scp -O} runs {@code scp -t} or {@code scp -f} as a command: a remote shell program, no tool. */
    private static final String LEGACY_SCP = "scp";
    static final String LEGACY_SCP_REFUSAL = "refused: legacy scp (scp -O) is not served; use sftp, or scp "
            + "without -O (it speaks SFTP), to reach the transfer folders of the granted tools";

    private final GrantLookup grants;
    private final ActiveLocks locks;
    private final Clock clock;
    // The refusal every new session gets once the node drains.
    private volatile String closedWith;

    CommandAdmission(GrantLookup grants, ActiveLocks locks, Clock clock) {
        this.grants = grants;
        this.locks = locks;
        this.clock = clock;
    }

    /** From now on every new session is refused with {@code refusal} (the node drains). */
    void close(String refusal) {
        closedWith = refusal;
    }

    private void requireOpen() throws Refused {
        String refusal = closedWith;
        if (refusal != null) {
            throw new Refused(refusal);
        }
    }

    /** @throws Refused with the one line the engineer sees */
    Admission admit(EngineerLogin login, String commandLine) throws Refused {
        if (login == null) {
            throw new Refused("refused: not logged in with a grant certificate");
        }
        requireOpen();
        List<String> argv;
        try {
            argv = CommandLine.parse(commandLine);
        } catch (IllegalArgumentException e) {
            throw new Refused(e.getMessage());
        }
        if (!argv.isEmpty() && LEGACY_SCP.equals(argv.get(0))) {
            throw new Refused(LEGACY_SCP_REFUSAL);
        }
        Grant granted = liveGrant(login);
        String tool = argv.get(0);
        Decision decision = GrantRules.mayRun(granted, login.device(), tool, clock.instant());
        if (decision.refused()) {
            throw new Refused(decision.reason());
        }
        return new Admission(granted, commandLine, tool, argv.subList(1, argv.size()));
    }

    /**
     * A file transfer (the {@code sftp} subsystem) under the login's grant: the grant must be live for its
     * device, as for a tool; which folders it reaches is for the device to say, from the tools' signed manifests.
     */
    Admission admitTransfer(EngineerLogin login) throws Refused {
        if (login == null) {
            throw new Refused("refused: not logged in with a grant certificate");
        }
        requireOpen();
        Grant granted = liveGrant(login);
        Decision decision = GrantRules.mayRun(granted, login.device(), granted.tools().get(0), clock.instant());
        if (decision.refused()) {
            throw new Refused(decision.reason());
        }
        return new Admission(granted, TRANSFER, TRANSFER, granted.tools());
    }

    private Grant liveGrant(EngineerLogin login) throws Refused {
        try {
            return sharedLiveGrant(login);
        } catch (StateUnavailableException away) {
            // Fail closed: a grant that cannot be checked now does not start a tool.
            throw new Refused(away.refusal());
        }
    }

    private Grant sharedLiveGrant(EngineerLogin login) throws Refused {
        Optional<Grant> grant = grants.find(login.grantId());
        if (grant.isEmpty()) {
            throw new Refused("refused: grant " + login.grantId() + " does not exist");
        }
        Optional<String> locked = locks.refusal(LockedSubject.of(grant.get()));
        if (locked.isPresent()) {
            throw new Refused(locked.get());
        }
        return grant.get();
    }

    /** A command the engineer may not run, with the reason in one line. */
    static final class Refused extends Exception {
        Refused(String line) {
            super(line, null, false, false);
        }
    }
}
