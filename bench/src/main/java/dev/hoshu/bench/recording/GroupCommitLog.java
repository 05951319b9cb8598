package dev.hoshu.bench.recording;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the broker logs as each recording closes: {@code recording s-….jsonl closed: L lines, B bytes in F fsyncs (at
 * most M lines per fsync)}. The bench reads the group commit's batching from there, as an operator would.
 */
record GroupCommitLog(String session, long lines, long bytes, long fsyncs, int mostLinesPerFsync) {

    private static final Pattern LINE = Pattern.compile("recording (\\S+)\\.jsonl closed: (\\d+) lines, (\\d+) bytes in"
            + " (\\d+) fsyncs \\(at most (\\d+) lines per fsync\\)");

    static List<GroupCommitLog> read(Path brokerLog) throws IOException {
        List<GroupCommitLog> found = new ArrayList<>();
        for (String line : Files.readAllLines(brokerLog, StandardCharsets.UTF_8)) {
            Matcher m = LINE.matcher(line);
            if (m.find()) {
                found.add(new GroupCommitLog(m.group(1), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                        Long.parseLong(m.group(4)), Integer.parseInt(m.group(5))));
            }
        }
        return found;
    }

    double linesPerFsync() {
        return fsyncs == 0 ? 0 : (double) lines / fsyncs;
    }
}
