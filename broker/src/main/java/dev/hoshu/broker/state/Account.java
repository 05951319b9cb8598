package dev.hoshu.broker.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A person the broker has seen, as the account review shows them: organisation, roles and name as their last token
 * said, when they were first seen, last used the API and last started an SSH session, the hospitals they asked
 * for access to, and the disables standing against them.
 */
public record Account(String subject, String organisation, List<String> roles, String displayName,
                      Instant firstSeen, Instant lastApiUse, Instant lastSshSession, List<String> hospitals,
                      List<AccountDisable> disables) {

    public Account {
        roles = roles == null ? List.of() : List.copyOf(roles);
        hospitals = hospitals == null ? List.of() : List.copyOf(hospitals);
        disables = disables == null ? List.of() : List.copyOf(disables);
    }

    public static Account firstSeen(String subject, String organisation, List<String> roles, String displayName,
                                    Instant at) {
        return new Account(subject, organisation, roles, displayName, at, null, null, List.of(), List.of());
    }

    /** The latest sign of the person: first seen, last API call or last SSH session. */
    public Instant lastActive() {
        return Stream.of(firstSeen, lastApiUse, lastSshSession).filter(Objects::nonNull).max(Instant::compareTo)
                .orElse(firstSeen);
    }

    public Account usedApi(String organisation, List<String> roles, String displayName, Instant at) {
        return new Account(subject, organisation, roles, displayName, firstSeen, at, lastSshSession, hospitals,
                disables);
    }

    public Account startedSsh(Instant at) {
        return new Account(subject, organisation, roles, displayName, firstSeen, lastApiUse, at, hospitals, disables);
    }

    public Account askedAt(String hospital) {
        if (hospital == null || hospitals.contains(hospital)) {
            return this;
        }
        List<String> more = new ArrayList<>(hospitals);
        more.add(hospital);
        return new Account(subject, organisation, roles, displayName, firstSeen, lastApiUse, lastSshSession, more,
                disables);
    }

    public Account withDisables(List<AccountDisable> changed) {
        return new Account(subject, organisation, roles, displayName, firstSeen, lastApiUse, lastSshSession,
                hospitals, changed);
    }
}
