package dev.hoshu.api.service;

/** Why a recording's content is fetched: each is its own audit action (REQ-REC-6). */
public enum RecordingUse {
    /** Read or replayed: {@code recording.view}. */
    VIEW,
    /** Taken away as a file (cast export, evidence bundle): {@code recording.export}. */
    EXPORT;

    public String auditAction() {
        return "recording." + name().toLowerCase(java.util.Locale.ROOT);
    }
}
