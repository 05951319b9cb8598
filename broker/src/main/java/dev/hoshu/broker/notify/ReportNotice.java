package dev.hoshu.broker.notify;

import java.time.Instant;

/**
 * A repair report just issued, for hospitals that chose delivery by webhook (REQ-WORK-2): the report's canonical
 * JSON exactly as signed, and its detached signature, so the receiver can verify and file it without calling back.
 *
 * @param report    the report file's text (UTF-8 of the signed bytes)
 * @param signature the signature file's text ({@code {"algorithm","keyId","signature"}})
 */
public record ReportNotice(String hospital, String workOrder, String device, String engineer, String closedBy,
                           Instant at, String keyId, String report, String signature) {
}
