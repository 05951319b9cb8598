package dev.hoshu.api.service;

import java.time.Instant;
import java.util.List;

/**
 * A session as the API shows it.
 *
 * @param state           {@code live}, {@code waiting} (for a hospital observer), {@code paused} (its last observer
 *                        left), {@code killed} or {@code ended}
 * @param killedAt        when the kill switch or a lock ended it, or {@code null}
 * @param killedBy        who ended it, or {@code null}
 * @param deviceStoppedAt when the device confirmed that the tool's processes were stopped, or {@code null} while
 *                        it has not (yet)
 * @param stoppedProcesses how many processes the device stopped, as it reported, or {@code null}
 * @param observers       who watches the session live now (subjects, one per open view)
 */
public record SessionView(String id, String grantId, String engineer, String company, String hospital,
                          String device, String command, Instant startedAt, String state, Instant killedAt,
                          String killedBy, Instant deviceStoppedAt, Integer stoppedProcesses, List<String> observers) {

    public SessionView {
        observers = observers == null ? List.of() : List.copyOf(observers);
    }
}
