package dev.hoshu.cli.login;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;

/**
 * What {@code hoshu login} leaves behind for later commands.
 *
 * @param ssh the gateway's {@code host:port} given at login, or {@code null} for the broker's host on 2222
 */
public record StoredLogin(URI broker, String token, String user, Instant expiresAt, String ssh) {

    public boolean liveAt(Clock clock) {
        return clock.instant().isBefore(expiresAt);
    }
}
