package dev.hoshu.bench.fleet;

import java.util.List;
import java.util.Locale;

/** The fleet run as the Markdown docs/benchmarks.md quotes: one table per probe, ratios against the local baseline. */
final class FleetTable {

    private FleetTable() {
    }

    static String render(FleetBenchmark.Result result) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%s, %s; load average %.1f at start, %.1f at end%n%n",
                result.command(), result.machine(), result.load().atStart(), result.load().atEnd()));
        out.append("| probe | through | n | p50 ms | p90 ms | p99 ms | relayed/local p50 | relay adds p50 |\n");
        out.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (String probe : List.of(RelayLatency.TOOL_RUN, RelayLatency.ECHO)) {
            Distribution local = find(result.latency(), probe, "local");
            Distribution relayed = find(result.latency(), probe, "relayed");
            out.append(row(local, FleetBenchmark.HOLDING + " (local)", "baseline", ""));
            out.append(row(relayed, FleetBenchmark.RELAYING + " → " + FleetBenchmark.HOLDING + " (relayed)",
                    String.format(Locale.ROOT, "%.2f×", relayed.p50() / local.p50()),
                    String.format(Locale.ROOT, "%+.1f ms", relayed.p50() - local.p50())));
        }
        out.append("\n| sessions on | node | sessions | per second | median session ms | errors |\n"
                + "|---|---|---:|---:|---:|---:|\n");
        int engineers = result.plan().engineersPerNode() * result.sessions().size();
        out.append(rate("one node, " + engineers + " engineers (baseline)", result.oneNodeSessions()));
        int sessions = 0;
        int errors = 0;
        double perSecond = 0;
        for (NodeRate rate : result.sessions()) {
            out.append(rate("three nodes, " + result.plan().engineersPerNode() + " engineers each", rate));
            sessions += rate.sessions();
            errors += rate.errors();
            perSecond += rate.perSecond();
        }
        out.append(String.format(Locale.ROOT, "| three nodes | **all three** | %d | %.1f | | %d |%n", sessions, perSecond,
                errors));
        out.append("\n| node | agents dialled | hoshu_tunnels_connected |\n|---|---:|---:|\n");
        int dialled = 0;
        int gauge = 0;
        for (NodeTunnels node : result.tunnels()) {
            out.append(String.format(Locale.ROOT, "| %s | %d | %d%s |%n", node.node(), node.dialled(), node.gauge(),
                    node.gauge() == node.dialled() ? "" : " (differs)"));
            dialled += node.dialled();
            gauge += node.gauge();
        }
        out.append(String.format(Locale.ROOT, "| **all three** | %d | %d |%n", dialled, gauge));
        return out.toString();
    }

    private static String rate(String on, NodeRate rate) {
        return String.format(Locale.ROOT, "| %s | %s | %d | %.1f | %.0f | %d%s |%n", on, rate.node(), rate.sessions(),
                rate.perSecond(), rate.medianMillis(), rate.errors(),
                rate.firstError().isEmpty() ? "" : " (first: " + rate.firstError().replace("|", "/") + ")");
    }

    private static Distribution find(List<Distribution> all, String probe, String through) {
        return all.stream().filter(d -> d.probe().equals(probe) && d.through().equals(through)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + probe + " " + through + " figures"));
    }

    private static String row(Distribution d, String through, String ratio, String extra) {
        return String.format(Locale.ROOT, "| %s | %s | %d | %.1f | %.1f | %.1f | %s | %s |%n", d.probe(), through,
                d.count(), d.p50(), d.p90(), d.p99(), ratio, extra);
    }
}
