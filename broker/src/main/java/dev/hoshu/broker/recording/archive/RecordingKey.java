package dev.hoshu.broker.recording.archive;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which recording: its hospital and session. Both are plain names, so the key is also a safe file path and object
 * key ({@code <hospital>/<session>.jsonl}): no separator, no {@code ..}, nothing an engineer could steer elsewhere.
 */
public record RecordingKey(String hospital, String session) {

    private static final String PLAIN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
    private static final Pattern PLAIN_NAME = Pattern.compile(PLAIN);
    private static final Pattern OBJECT_NAME = Pattern.compile("(" + PLAIN + ")/(" + PLAIN + ")\\.jsonl");

    public RecordingKey {
        if (!isPlainName(hospital) || !isPlainName(session)) {
            // The values are not echoed: they may hold control characters meant for a log or terminal.
            throw new IllegalArgumentException("refused: hospital and session ids must be plain names");
        }
    }

    public static boolean isPlainName(String value) {
        return value != null && PLAIN_NAME.matcher(value).matches() && !value.contains("..");
    }

    /** The key of a stored name, or empty for anything that is not {@code <hospital>/<session>.jsonl}. */
    public static Optional<RecordingKey> parse(String name) {
        Matcher matcher = OBJECT_NAME.matcher(name);
        if (!matcher.matches() || !isPlainName(matcher.group(1)) || !isPlainName(matcher.group(2))) {
            return Optional.empty();
        }
        return Optional.of(new RecordingKey(matcher.group(1), matcher.group(2)));
    }

    /** {@code <hospital>/<session>.jsonl}: the path under a folder and the object key in a bucket. */
    public String name() {
        return hospital + "/" + session + ".jsonl";
    }

    @Override
    public String toString() {
        return name();
    }
}
