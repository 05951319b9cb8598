package dev.hoshu.report;

import java.util.List;

/**
 * A closed work order as the hospital keeps it: who did what on which device, under which approvals, in which
 * window, with which sessions and their recordings, and how it ended. Times are ISO-8601 UTC strings, so the
 * canonical bytes never depend on a JSON library's date settings.
 *
 * @param signingKey key id ({@link dev.hoshu.tools.KeyIds}) of the broker key that signs this report
 */
public record RepairReport(int version, String reportId, String generatedAt, String signingKey, Party hospital,
                           DeviceFacts device, Party company, Person engineer, WorkOrderFacts workOrder,
                           List<ApprovalFacts> approvals, Window window, List<SessionFacts> sessions, Closure closure) {

    public static final int VERSION = 1;

    public RepairReport {
        approvals = List.copyOf(approvals);
        sessions = List.copyOf(sessions);
    }

    /** An organisation by id and registered name ({@code name} is the id when none is registered). */
    public record Party(String id, String name) {
    }

    /** A person by subject; the company is the one of the report. */
    public record Person(String id) {
    }

    /** The device as the ledger knew it when the report was made ({@code null} facts were never reported). */
    public record DeviceFacts(String id, String model, String firmware, String os, String agentVersion) {
    }

    /**
     * @param id        the work order's id (the request's)
     * @param reference the hospital's or company's own reference, or {@code null}
     */
    public record WorkOrderFacts(String id, String reference, String category, String reason, List<String> tools,
                                 String requestedAt) {
        public WorkOrderFacts {
            tools = List.copyOf(tools);
        }
    }

    public record ApprovalFacts(String approver, String at) {
    }

    /** The grant's window and, when it was cut early, when and why. */
    public record Window(String grant, String notBefore, String notAfter, String revokedAt, String revokedReason) {
    }

    /**
     * One recorded session.
     *
     * @param exit         the tool's exit status, or {@code null} when the recording holds none
     * @param cut          the kill line of the recording when the session was cut, else {@code null}
     * @param verification the recording verifier's one line ({@code ok: …} or {@code broken at line …})
     */
    public record SessionFacts(String session, String tool, List<String> args, String started, String ended,
                               Integer exit, String cut, String recording, boolean recordingIntact,
                               boolean recordingSealed, String verification) {
        public SessionFacts {
            args = List.copyOf(args);
        }
    }

    /**
     * How the work ended.
     *
     * @param repairFormText the words for {@code OTHER}, else {@code null}
     * @param helper         the hospital staff member who helped, or {@code none}
     */
    public record Closure(String result, RepairForm repairForm, String repairFormText, String operationCheck,
                          String helper, String closedBy, String closedAt) {
    }
}
