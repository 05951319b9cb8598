package dev.hoshu.bench.tunnels;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A tunnel run as a Markdown table (printed, and appended to the run log of docs/benchmarks.md when complete) and
 * as {@code bench/results/tunnels-<timestamp>.json}.
 */
public final class TunnelReport {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private TunnelReport() {
    }

    public static String render(TunnelFigures f) {
        TunnelPlan plan = f.plan();
        StringBuilder out = new StringBuilder();
        out.append("### ").append(f.startedAt().replaceAll("\\.\\d+Z$", "Z")).append(" · `").append(f.command())
                .append("` · ").append(f.complete() ? "complete" : "failed").append("\n\n");
        out.append("Machine: ").append(f.machine()).append(". Broker `").append(plan.brokerJavaOptions()).append("`; ")
                .append(plan.agents()).append(" simulated agents from ").append(plan.sources())
                .append(" loopback source addresses.\n\n");
        out.append("| figure | measured | target |\n|---|---|---|\n");
        row(out, "devices enrolled (API join token + enrollment)", f.enrolled() + " at " + number(f.enrolPerSecond())
                + " per s", "");
        row(out, "idle tunnels up at once", f.tunnelsUp() + " of " + plan.agents() + " in " + seconds(f.allUpMillis()),
                TunnelPlan.ISSUE_AGENTS + "");
        row(out, "full handshakes per second (all dialing at once)", number(f.handshakesPerSecond()) + " (peak "
                + f.peakHandshakesPerSecond() + " in one second)", "");
        row(out, "tunnels dropped while held idle " + f.holdSeconds() + " s", Integer.toString(f.heldDrops()), "0");
        row(out, "broker heap per idle tunnel (after full GC)", number(f.heap().perTunnelKiB()) + " KiB ("
                + f.heap().beforeKiB() + " → " + f.heap().withKiB() + " KiB)", "≤ 64 KiB");
        row(out, "tunnels a 1 GiB broker heap holds at that cost", Long.toString(f.heap().tunnelsIn(1024)), "");
        row(out, "broker RSS / open descriptors with the tunnels", f.brokerRssKiB() / 1024 + " MiB / " + f.brokerFds(),
                "");
        row(out, "broker restart (stop to tunnel port accepting)", seconds(f.restartMillis()), "");
        row(out, "reconnect storm: agents back", f.stormBack() + " of " + plan.agents() + ", half after "
                + seconds(f.stormHalfBackMillis()) + ", the last after " + seconds(f.stormAllBackMillis()),
                "all within " + plan.stormTarget().toSeconds() + " s");
        if (f.stormBack() == plan.agents()) {
            // The storm is timed from the port accepting; this is what the fleet lived through, start-up included.
            row(out, "broker stop to the last agent back", seconds(f.restartMillis() + f.stormAllBackMillis()), "");
        }
        row(out, "reconnect storm: peak handshakes in one second", f.stormPeakPerSecond() + " (" + f.stormHandshakes()
                + " in all)", "");
        if (!f.complete()) {
            out.append("\nFailed: ").append(f.failure()).append("\n");
        }
        return out.toString();
    }

    public static Path write(Path resultsDir, TunnelFigures figures) throws IOException {
        Files.createDirectories(resultsDir);
        Path file = resultsDir.resolve("tunnels-" + STAMP.format(Instant.parse(figures.startedAt())) + ".json");
        Files.writeString(file, JSON.writeValueAsString(figures) + "\n", StandardCharsets.UTF_8);
        return file;
    }

    /** Appends a run to the end of the doc (its run log); only complete runs, so the log holds no half figures. */
    public static void append(Path doc, TunnelFigures figures, Path resultFile) throws IOException {
        if (!figures.complete()) {
            throw new IllegalStateException("only complete runs go into " + doc);
        }
        String existing = Files.readString(doc, StandardCharsets.UTF_8);
        String entry = (existing.endsWith("\n") ? "\n" : "\n\n") + render(figures) + "\nResult file: `"
                + resultFile.getFileName() + "`.\n";
        Files.writeString(doc, entry, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    private static void row(StringBuilder out, String figure, String measured, String target) {
        out.append("| ").append(figure).append(" | ").append(measured).append(" | ").append(target).append(" |\n");
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String seconds(long millis) {
        return millis < 0 ? "–" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
