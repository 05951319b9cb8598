package dev.hoshu.cli.recordings;

import dev.hoshu.cli.CliContext;
import dev.hoshu.recording.RecordingReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hoshu recordings play}: the session's output in this terminal, at its recorded pace. */
@Command(name = "play", mixinStandardHelpOptions = true,
        description = {"Replay a recording's output in the terminal with its recorded timing.",
                "Escape sequences the tool printed are replayed as they were; play only recordings you trust "
                        + "or check them first with 'hoshu recordings verify'."})
public final class PlayRecordingCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    RecordingSource source;

    @Option(names = "--speed", defaultValue = "1", paramLabel = "FACTOR", description = "play faster (2) or slower (0.5); default 1")
    double speed;

    @Option(names = "--idle-limit", paramLabel = "SECONDS", description = "cut every pause to at most this many seconds")
    Double idleLimit;

    private final CliContext context;
    private final Pacer pacer;

    public PlayRecordingCommand(CliContext context) {
        this(context, Pacer.realTime());
    }

    PlayRecordingCommand(CliContext context, Pacer pacer) {
        this.context = context;
        this.pacer = pacer;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        Replay replay;
        try {
            replay = new Replay(speed, idleLimit == null ? null : Duration.ofMillis((long) (idleLimit * 1000)), pacer);
        } catch (IllegalArgumentException e) {
            context.err().println("refused: " + e.getMessage());
            return 1;
        }
        byte[] recording = source.read(context, RecordingSource.Purpose.VIEW);
        try (RecordingReader reader = RecordingReader.open(new ByteArrayInputStream(recording))) {
            replay.play(reader, context.out());
        }
        return 0;
    }
}
