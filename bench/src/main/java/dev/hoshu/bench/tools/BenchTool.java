package dev.hoshu.bench.tools;

import java.util.List;

/**
 * The tools every path runs. They are plain POSIX shell with absolute program paths because the
 * agent starts tools with a minimal environment; each prints something the harness checks, so a
 * run that "succeeds" without the tool having run is caught.
 */
public enum BenchTool {

    /** Set-up cost: does nothing but prove it ran. */
    NOOP("bench-noop", "Prints ok and exits: measures session set-up.", """
            #!/bin/sh
            # Prints ok and exits, so the wall time of a session is its set-up and tear-down.
            echo ok
            """, "^$", 60),

    /**
     * Throughput: a 1 MiB block of random bytes, repeated, the way a log archive or an image dump
     * looks on the wire. Not zeros: NUL bytes are valid UTF-8 that the recording escapes six-fold,
     * which would measure a worst case no real tool produces.
     */
    STREAM("bench-stream", "Writes N MiB of random bytes to stdout: measures throughput.", """
            #!/bin/sh
            # Writes $1 MiB to stdout: the tool's 1 MiB block of random bytes, $1 times.
            block="$(/usr/bin/dirname "$0")/../data/block.bin"
            i=0
            while [ "$i" -lt "$1" ]; do
              /bin/cat "$block" || exit 1
              i=$((i + 1))
            done
            """, "^[0-9]{1,4}$", 900),

    /** Live sessions: says ready, then stays until its stdin closes. */
    HOLD("bench-hold", "Prints ready, then waits for end of input: holds a live session open.", """
            #!/bin/sh
            # Prints ready, then holds the session open until stdin ends.
            echo ready
            exec /bin/cat >/dev/null
            """, "^$", 900),

    /** Keystroke latency: says ready, then sends every byte of its input straight back, as a terminal echoes. */
    ECHO("bench-echo", "Prints ready, then echoes its input as it comes: measures keystroke echo latency.", """
            #!/bin/sh
            # Prints ready, then copies stdin to stdout as it arrives (cat does not buffer).
            echo ready
            exec /bin/cat
            """, "^$", 900);

    public static final String NOOP_OUTPUT = "ok\n";
    /** The stream tool's data file and its size: what one MiB of its output is made of. */
    public static final String STREAM_BLOCK = "data/block.bin";
    public static final int STREAM_BLOCK_BYTES = 1024 * 1024;
    public static final String HOLD_READY = "ready";

    private final String toolName;
    private final String purpose;
    private final String script;
    private final String argPattern;
    private final int timeLimitSeconds;

    BenchTool(String toolName, String purpose, String script, String argPattern, int timeLimitSeconds) {
        this.toolName = toolName;
        this.purpose = purpose;
        this.script = script;
        this.argPattern = argPattern;
        this.timeLimitSeconds = timeLimitSeconds;
    }

    public String toolName() {
        return toolName;
    }

    public String purpose() {
        return purpose;
    }

    public String script() {
        return script;
    }

    public String argPattern() {
        return argPattern;
    }

    public int timeLimitSeconds() {
        return timeLimitSeconds;
    }

    /** Files besides the program, relative to the tool's folder; they are signed and hashed like it. */
    public List<String> dataFiles() {
        return this == STREAM ? List.of(STREAM_BLOCK) : List.of();
    }

    /** Where the tool's program lives inside its folder, as the manifest's entrypoint says. */
    public String entrypoint() {
        return "bin/" + toolName;
    }
}
