package dev.hoshu.broker.siem;

import java.util.Objects;

/**
 * A place in the audit log: just after event {@code index} of day file {@code file}, whose chain hash is
 * {@code hash}, which ends at byte {@code offset}. Index 0 (hash {@code null}) is the start of the file. The hash
 * lets a restarted broker check that the file is still the one it read, before it trusts the offset.
 */
record ExportPosition(String file, long index, String hash, long offset) {

    ExportPosition {
        Objects.requireNonNull(file, "file");
        if (index < 0 || offset < 0) {
            throw new IllegalArgumentException("negative audit export position");
        }
    }

    static ExportPosition startOf(String file) {
        return new ExportPosition(file, 0, null, 0);
    }

    boolean isStartOfFile() {
        return offset == 0;
    }
}
