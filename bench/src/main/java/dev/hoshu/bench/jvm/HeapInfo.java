package dev.hoshu.bench.jvm;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The used Java heap as {@code jcmd <pid> GC.heap_info} reports it. Every collector prints its
 * generations (or G1 its single heap) as "total NK, used MK"; summing those lines gives the heap
 * whatever collector the broker runs with.
 */
public final class HeapInfo {

    private static final Pattern USED = Pattern.compile("total \\d+K, used (\\d+)K");

    private HeapInfo() {
    }

    /** @throws IllegalArgumentException if the text has no heap line */
    public static long usedKiB(String heapInfo) {
        Matcher matcher = USED.matcher(heapInfo);
        long used = 0;
        boolean found = false;
        while (matcher.find()) {
            used += Long.parseLong(matcher.group(1));
            found = true;
        }
        if (!found) {
            throw new IllegalArgumentException("no heap usage in jcmd GC.heap_info output");
        }
        return used;
    }
}
