package dev.hoshu.broker.gateway;

import dev.hoshu.broker.killswitch.SessionRegistry;
import dev.hoshu.broker.recording.RecordingStore;
import dev.hoshu.broker.reversetunnel.DeviceTunnels;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every engineer command needs from the broker node to become a session.
 *
 * @param timer cuts sessions when their grant ends
 */
record SessionServices(CommandAdmission admission, RecordingStore recordings, DeviceTunnels tunnels,
                       SessionRegistry registry, String nodeName, Clock clock, ScheduledExecutorService timer) {
}
