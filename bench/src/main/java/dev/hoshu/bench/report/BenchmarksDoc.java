package dev.hoshu.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * docs/benchmarks.md keeps a log of measured runs at its end. Only complete runs are appended, so
 * the log never holds figures from a run that failed half-way.
 */
public final class BenchmarksDoc {

    static final String LOG_HEADING = "## Run log";

    private BenchmarksDoc() {
    }

    /** @throws IllegalStateException if the report is not complete */
    public static void append(Path doc, BenchReport report, Path resultFile) throws IOException {
        if (!BenchReport.COMPLETE.equals(report.status())) {
            throw new IllegalStateException("only complete runs go into " + doc + ", this one is " + report.status());
        }
        String existing = Files.exists(doc) ? Files.readString(doc, StandardCharsets.UTF_8) : "# Benchmarks\n";
        StringBuilder entry = new StringBuilder();
        if (!existing.contains("\n" + LOG_HEADING + "\n")) {
            entry.append("\n").append(LOG_HEADING).append("\n\nAppended by `bin/bench` after each complete run.\n");
        }
        entry.append("\n").append(MarkdownTable.render(report))
                .append("\nResult file: `").append(resultFile.getFileName()).append("`.\n");
        Files.writeString(doc, (existing.endsWith("\n") ? "" : "\n") + entry, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
