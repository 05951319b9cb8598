package dev.hoshu.bench;

import java.util.ArrayList;
import java.util.List;

import dev.hoshu.bench.jvm.HotFrames;
import dev.hoshu.bench.measure.ConcurrencyFigures;
import dev.hoshu.bench.measure.Negotiated;
import dev.hoshu.bench.measure.SessionMemoryFigures;
import dev.hoshu.bench.measure.SetupFigures;
import dev.hoshu.bench.measure.StreamCost;
import dev.hoshu.bench.measure.ThroughputFigures;

/** The figures gathered so far in a run, kept even when a later phase fails so the result file shows how far it got. */
final class Measurements {

    List<Negotiated> negotiated = List.of();
    List<SetupFigures> setup = List.of();
    List<ThroughputFigures> throughput = List.of();
    final List<ConcurrencyFigures> concurrency = new ArrayList<>();
    SessionMemoryFigures memory;
    StreamCost streamCost;
    final List<HotFrames> profile = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    void fail(String oneLine) {
        failures.add(oneLine);
    }

    boolean failed() {
        return !failures.isEmpty();
    }

    /** All failures on one line, the first one first since later ones often follow from it. */
    String failure() {
        return failures.isEmpty() ? null : String.join("; ", failures);
    }
}
