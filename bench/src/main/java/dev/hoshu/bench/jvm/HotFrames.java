package dev.hoshu.bench.jvm;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import dev.hoshu.bench.process.PathFailure;

/**
 * Where a JVM spent its CPU during a recording: execution samples counted by their top frame, per
 * method and per package (the first three segments, e.g. {@code org.bouncycastle.tls}), which is
 * the level at which the next improvement is chosen. {@code hoshuCallers} names, for each sample,
 * the innermost Hoshu method on the stack: which of Hoshu's own steps the library time is spent for;
 * {@code layers} gives the inclusive share of each {@link CostLayer}.
 */
public record HotFrames(String process, long samples, List<FrameShare> methods, List<FrameShare> packages,
                        List<FrameShare> hoshuCallers, List<FrameShare> layers) {

    private static final String EXECUTION_SAMPLE = "jdk.ExecutionSample";
    private static final int PACKAGE_SEGMENTS = 3;
    private static final String HOSHU_PACKAGE = "dev.hoshu.";

    public static HotFrames of(String process, Path recording, int top) {
        Map<String, Long> methods = new HashMap<>();
        Map<String, Long> packages = new HashMap<>();
        Map<String, Long> callers = new HashMap<>();
        Map<String, Long> layers = new LinkedHashMap<>();
        long samples = 0;
        try {
            for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
                if (!EXECUTION_SAMPLE.equals(event.getEventType().getName())) {
                    continue;
                }
                RecordedStackTrace stack = event.getStackTrace();
                if (stack == null || stack.getFrames().isEmpty()) {
                    continue;
                }
                RecordedFrame frame = stack.getFrames().get(0);
                String type = frame.getMethod().getType().getName();
                methods.merge(type + "." + frame.getMethod().getName(), 1L, Long::sum);
                packages.merge(packageOf(type), 1L, Long::sum);
                callers.merge(innermostHoshuMethod(stack), 1L, Long::sum);
                for (CostLayer layer : layersOf(stack)) {
                    layers.merge(layer.label(), 1L, Long::sum);
                }
                samples++;
            }
        } catch (IOException e) {
            throw new PathFailure("cannot read the flight recording " + recording + ": " + e.getMessage(), e);
        }
        return new HotFrames(process, samples, topShares(methods, samples, top), topShares(packages, samples, top),
                topShares(callers, samples, top), topShares(layers, samples, top));
    }

    private static EnumSet<CostLayer> layersOf(RecordedStackTrace stack) {
        EnumSet<CostLayer> found = EnumSet.noneOf(CostLayer.class);
        for (RecordedFrame frame : stack.getFrames()) {
            String type = frame.getMethod().getType().getName();
            for (CostLayer layer : CostLayer.values()) {
                if (layer.contains(type)) {
                    found.add(layer);
                }
            }
        }
        return found;
    }

    private static String innermostHoshuMethod(RecordedStackTrace stack) {
        for (RecordedFrame frame : stack.getFrames()) {
            String type = frame.getMethod().getType().getName();
            if (type.startsWith(HOSHU_PACKAGE)) {
                return type + "." + frame.getMethod().getName();
            }
        }
        return "(no Hoshu frame: library threads)";
    }

    static String packageOf(String typeName) {
        String[] segments = typeName.split("\\.");
        if (segments.length <= 1) {
            return "(default package)";
        }
        int keep = Math.min(PACKAGE_SEGMENTS, segments.length - 1);
        return String.join(".", Arrays.copyOf(segments, keep));
    }

    static List<FrameShare> topShares(Map<String, Long> counts, long total, int top) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(top)
                .map(entry -> new FrameShare(entry.getKey(), entry.getValue(),
                        total == 0 ? 0 : Math.round(1000.0 * entry.getValue() / total) / 10.0))
                .toList();
    }
}
