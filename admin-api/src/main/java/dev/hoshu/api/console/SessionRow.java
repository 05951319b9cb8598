package dev.hoshu.api.console;

import dev.hoshu.api.service.SessionView;
import java.time.Instant;

/** A session with the end of its grant, for the time left. */
public record SessionRow(SessionView session, Instant grantEnds) {
}
