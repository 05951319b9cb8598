package dev.hoshu.tools;

import java.util.regex.Pattern;

/**
 * One device folder a tool's manifest opens for file transfer. The engineer sees it as
 * {@code /<tool>/<name>/}; the device keeps it at {@code path}, relative to the agent's device-files root.
 *
 * @param direction   {@code download}: the engineer may read files there; {@code upload}: the engineer may place
 *                    packages there, each only once its manufacturer signature verifies
 * @param patientData the folder may hold patient data: only a grant that allows patient data reaches it
 */
public record ToolTransfer(String name, String path, String direction, boolean patientData) {

    public static final String DOWNLOAD = "download";
    public static final String UPLOAD = "upload";
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    public ToolTransfer {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("transfer folder name " + dev.hoshu.access.Names.quoted(name)
                    + " is not valid (lower-case letters, digits, '-', at most 32)");
        }
        if (!ToolVerifier.isPlainRelative(path)) {
            throw new IllegalArgumentException("transfer folder " + name + " path " + dev.hoshu.access.Names.quoted(path)
                    + " must be relative, without '.' or '..' segments");
        }
        if (!DOWNLOAD.equals(direction) && !UPLOAD.equals(direction)) {
            throw new IllegalArgumentException("transfer folder " + name + " direction must be download or upload");
        }
    }

    public boolean downloads() {
        return DOWNLOAD.equals(direction);
    }
}
