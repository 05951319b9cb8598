package dev.hoshu.recording;

import java.util.List;

/**
 * Who, what and where of one recorded session: line 1 of the recording. The start time is not here
 * but given to {@link RecordingChain}, which writes it as {@code started}.
 *
 * @param node                the broker node that recorded the session
 * @param deviceClockOffsetMs device clock minus broker clock when known, else {@code null}
 * @param sealKey             key id ({@link dev.hoshu.tools.KeyIds}) of the key that will seal the recording
 */
public record RecordingHeader(String session, String grant, List<String> approvers, String engineer, String company,
                              String device, String hospital, String node, String tool, List<String> args,
                              Long deviceClockOffsetMs, String sealKey) {

    public RecordingHeader {
        approvers = List.copyOf(approvers);
        args = List.copyOf(args);
    }
}
