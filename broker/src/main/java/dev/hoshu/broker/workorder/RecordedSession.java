package dev.hoshu.broker.workorder;

import dev.hoshu.recording.VerificationReport;
import java.time.Instant;
import java.util.List;

/**
 * One session as its recording tells it.
 *
 * @param commands     each tool invocation sent to the device, as {@code tool arg …}
 * @param exit         the last exit status recorded, or {@code null}
 * @param cutBy        who cut the session ({@code kill} event), else {@code null}
 * @param cutAt        when it was cut, else {@code null}
 * @param endedHow     the {@code end} event's {@code how}, or {@code null} when the recording has none
 * @param verification what the recording verifier found
 */
public record RecordedSession(String session, String grant, String engineer, String company, String device,
                              String hospital, String tool, List<String> args, Instant started, Instant ended,
                              List<String> commands, Integer exit, String cutBy, String cutReason, Instant cutAt,
                              String endedHow, VerificationReport verification) {

    public RecordedSession {
        args = List.copyOf(args);
        commands = List.copyOf(commands);
    }

    /** The kill line, e.g. {@code by tanaka: 画像確認のため}, or {@code null} when the session was not cut. */
    public String cutLine() {
        return cutBy == null ? null : "by " + cutBy + ": " + (cutReason == null ? "" : cutReason);
    }
}
