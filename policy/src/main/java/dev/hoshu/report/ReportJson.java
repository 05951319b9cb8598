package dev.hoshu.report;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The canonical bytes of a report: compact UTF-8 JSON in the records' field order. The signature covers exactly
 * these bytes, so a report is stored and served as written, never re-serialised.
 */
public final class ReportJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ReportJson() {
    }

    public static byte[] bytes(RepairReport report) {
        return JSON.writeValueAsBytes(report);
    }

    /**
     * @throws IllegalArgumentException when the bytes are not a report
     */
    public static RepairReport parse(byte[] bytes) {
        try {
            return JSON.readValue(bytes, RepairReport.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not a Hoshu repair report");
        }
    }
}
