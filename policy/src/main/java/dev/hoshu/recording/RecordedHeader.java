package dev.hoshu.recording;

import java.time.Instant;
import java.util.List;

/**
 * Line 1 of a recording as read back: who ran what where, when the recording started, and which key seals it.
 *
 * @param sealKey the key id of the seal's Ed25519 key ({@code sha256:…})
 */
public record RecordedHeader(String session, String grant, String engineer, String company, String device,
                             String hospital, String tool, List<String> args, Instant started, String sealKey) {

    public RecordedHeader {
        args = List.copyOf(args);
    }

    /** The command as the engineer typed it, for titles and search: the tool and its arguments. */
    public String commandLine() {
        return args.isEmpty() ? tool : tool + " " + String.join(" ", args);
    }
}
