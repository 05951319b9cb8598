package dev.hoshu.api.service;

/** One file of a repair report, exactly as stored and signed. */
public record ReportFile(String fileName, ReportFormat format, byte[] content) {
}
