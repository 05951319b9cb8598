package dev.hoshu.api.service;

import java.time.Instant;
import java.util.List;

/**
 * What search answers about one recording: metadata only, never the session's bytes.
 *
 * @param ended  when the last recorded event happened
 * @param exit   the tool's exit status, {@code null} if none was recorded (killed, broker stopped)
 * @param sealed the recording ends in a seal line (the signature is checked by {@code hoshu recordings verify})
 * @param bytes  the recording file's size
 */
public record RecordingSummary(String session, String hospital, String device, String engineer, String company,
                               String tool, List<String> args, Instant started, Instant ended, Integer exit,
                               boolean sealed, long bytes) {

    public RecordingSummary {
        args = List.copyOf(args);
    }
}
