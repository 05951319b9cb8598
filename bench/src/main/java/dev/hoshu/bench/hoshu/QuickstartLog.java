package dev.hoshu.bench.hoshu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.hoshu.bench.process.OneLine;

/** Reads the quickstart's output as it grows, so its progress shows and its failure line can be quoted. */
final class QuickstartLog {

    static final String RUNNING = "Hoshu is running";

    private final Path file;
    private int linesSeen;
    private String lastFailure = "(none)";
    private boolean running;

    QuickstartLog(Path file) {
        this.file = file;
    }

    /** The lines written since the last call; undecodable bytes are replaced, never fatal. */
    List<String> newLines() {
        List<String> all;
        try {
            all = Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList()
                    : List.of();
        } catch (IOException e) {
            return List.of();
        }
        List<String> fresh = all.subList(Math.min(linesSeen, all.size()), all.size());
        linesSeen = all.size();
        for (String line : fresh) {
            if (line.contains("FAILED") || line.contains("ERROR") || line.contains("error")) {
                lastFailure = OneLine.of(line);
            }
            running |= line.contains(RUNNING);
        }
        return fresh;
    }

    boolean sawRunning() {
        return running;
    }

    String lastFailure() {
        newLines();
        return lastFailure;
    }
}
