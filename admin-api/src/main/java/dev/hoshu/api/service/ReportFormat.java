package dev.hoshu.api.service;

import java.util.Locale;
import java.util.Optional;

/** The files of one repair report: the canonical JSON, the PDF, and a detached signature of each. */
public enum ReportFormat {
    JSON("json", "application/json"),
    JSON_SIGNATURE("json.sig", "application/json"),
    PDF("pdf", "application/pdf"),
    PDF_SIGNATURE("pdf.sig", "application/json");

    private final String suffix;
    private final String contentType;

    ReportFormat(String suffix, String contentType) {
        this.suffix = suffix;
        this.contentType = contentType;
    }

    public String suffix() {
        return suffix;
    }

    public String contentType() {
        return contentType;
    }

    /** {@code json}, {@code json.sig}, {@code pdf} or {@code pdf.sig}. */
    public static Optional<ReportFormat> of(String suffix) {
        String wanted = suffix == null ? "" : suffix.toLowerCase(Locale.ROOT);
        for (ReportFormat format : values()) {
            if (format.suffix.equals(wanted)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
