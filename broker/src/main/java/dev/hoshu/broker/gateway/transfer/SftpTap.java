package dev.hoshu.broker.gateway.transfer;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Follows one SFTP session from the packets passing both ways: which handle is which file, the bytes read
 * from or written to it, and the device's answer when it is closed. Each finished file operation goes to
 * {@code files}; each one-line refusal the device answers with goes to {@code refusals}, since OpenSSH's
 * {@code sftp} and {@code scp} show only the status code's text for some operations.
 *
 * <p>Calls come from the two relay directions: requests and responses are each in order, so this is
 * synchronized rather than lock-free.
 */
public final class SftpTap {

    // SFTP version 3 (draft-ietf-secsh-filexfer-02), the version OpenSSH speaks.
    private static final int OPEN = 3;
    private static final int CLOSE = 4;
    private static final int READ = 5;
    private static final int LSTAT = 7;
    private static final int OPENDIR = 11;
    private static final int REALPATH = 16;
    private static final int STAT = 17;
    private static final int WRITE = 6;
    private static final int REMOVE = 13;
    private static final int MKDIR = 14;
    private static final int RMDIR = 15;
    private static final int RENAME = 18;
    private static final int SYMLINK = 20;
    private static final int EXTENDED = 200;
    private static final int STATUS = 101;
    private static final int HANDLE = 102;
    private static final int DATA = 103;
    private static final int WRITING = 0x02 | 0x04 | 0x08 | 0x10;
    private static final int STATUS_OK = 0;
    private static final int STATUS_EOF = 1;
    private static final int MAX_IN_FLIGHT = 4096;

    private final Consumer<TransferredFile> files;
    private final Consumer<String> refusals;
    private final SftpPacketReader requests = new SftpPacketReader(this::request);
    private final SftpPacketReader responses = new SftpPacketReader(this::response);
    /** Request id → what was asked, until its answer passes. */
    private final Map<Integer, Asked> inFlight = new HashMap<>();
    /** Handle → the open file. */
    private final Map<String, OpenFile> open = new HashMap<>();

    public SftpTap(Consumer<TransferredFile> files, Consumer<String> refusals) {
        this.files = files;
        this.refusals = refusals;
    }

    /** Bytes from the engineer, right before they go to the device. */
    public synchronized void fromEngineer(byte[] chunk) throws IOException {
        requests.accept(chunk);
    }

    /** Bytes from the device, right before they go to the engineer. */
    public synchronized void fromDevice(byte[] chunk) throws IOException {
        responses.accept(chunk);
    }

    private interface Asked {
    }

    private record Open(String path, boolean upload) implements Asked {
    }

    private record Read(String handle, long offset) implements Asked {
    }

    private record Close(String handle) implements Asked {
    }

    private record Other(String op, String path) implements Asked {
    }

    /** A stat, listing or path lookup: written only when the device refuses it (a path outside the folders). */
    private record Look(String path) implements Asked {
    }

    private record OpenFile(String path, boolean upload, FileDigest digest) {
    }

    private void request(ByteBuffer packet) {
        int type = packet.get() & 0xFF;
        if (type == 1) {
            return; // INIT carries a version, no id
        }
        try {
            int id = packet.getInt();
            Asked asked = switch (type) {
                case OPEN -> {
                    String path = SftpPacketReader.string(packet);
                    yield new Open(path, (packet.getInt() & WRITING) != 0);
                }
                case READ -> new Read(handle(packet), packet.getLong());
                case WRITE -> {
                    String handle = handle(packet);
                    long offset = packet.getLong();
                    OpenFile file = open.get(handle);
                    byte[] data = SftpPacketReader.bytes(packet);
                    if (file != null) {
                        file.digest().accept(offset, data);
                    }
                    yield null;
                }
                case CLOSE -> new Close(handle(packet));
                case REMOVE -> new Other("remove", SftpPacketReader.string(packet));
                case MKDIR -> new Other("mkdir", SftpPacketReader.string(packet));
                case RMDIR -> new Other("rmdir", SftpPacketReader.string(packet));
                case RENAME -> new Other("rename", SftpPacketReader.string(packet) + " -> "
                        + SftpPacketReader.string(packet));
                case SYMLINK -> new Other("link", SftpPacketReader.string(packet));
                case STAT, LSTAT, OPENDIR, REALPATH -> new Look(SftpPacketReader.string(packet));
                case EXTENDED -> extended(packet);
                default -> null;
            };
            if (asked != null && inFlight.size() < MAX_IN_FLIGHT) {
                inFlight.put(id, asked);
            }
        } catch (BufferUnderflowException | IllegalArgumentException malformed) {
            // The device answers a malformed request with an error of its own; nothing was transferred.
        }
    }

    private static Asked extended(ByteBuffer packet) {
        String name = SftpPacketReader.string(packet);
        return switch (name) {
            case "posix-rename@openssh.com", "copy-file", "copy-data" -> new Other("rename",
                    SftpPacketReader.string(packet) + " -> (" + name + ")");
            case "hardlink@openssh.com" -> new Other("link", SftpPacketReader.string(packet));
            default -> null;
        };
    }

    private void response(ByteBuffer packet) {
        int type = packet.get() & 0xFF;
        if (type == 2) {
            return; // VERSION
        }
        try {
            int id = packet.getInt();
            Asked asked = inFlight.remove(id);
            switch (type) {
                case HANDLE -> {
                    if (asked instanceof Open opened) {
                        open.put(handle(packet), new OpenFile(opened.path(), opened.upload(), new FileDigest()));
                    }
                }
                case DATA -> {
                    OpenFile file = asked instanceof Read read ? open.get(read.handle()) : null;
                    if (file != null) {
                        file.digest().accept(((Read) asked).offset(), SftpPacketReader.bytes(packet));
                    }
                }
                case STATUS -> status(asked, packet.getInt(), SftpPacketReader.string(packet));
                default -> {
                    // attributes, names, extended replies: nothing of a file passes in them
                }
            }
        } catch (BufferUnderflowException | IllegalArgumentException malformed) {
            // A device answer the tap cannot read is still the device's; the client judges it.
        }
    }

    private void status(Asked asked, int code, String message) {
        String result = code == STATUS_OK ? TransferredFile.OK
                : message.isBlank() ? "SFTP status " + code : message;
        if (code != STATUS_OK && code != STATUS_EOF && message.startsWith("refused: ")) {
            refusals.accept(message);
        }
        if (asked instanceof Open opened && code != STATUS_OK) {
            files.accept(new TransferredFile(opened.upload() ? "upload" : "download", opened.path(), 0, null, result));
        } else if (asked instanceof Close close) {
            OpenFile file = open.remove(close.handle());
            if (file != null) {
                files.accept(new TransferredFile(file.upload() ? "upload" : "download", file.path(),
                        file.digest().size(), file.digest().hex().orElse(null), result));
            }
        } else if (asked instanceof Look look && message.startsWith("refused: ")) {
            files.accept(new TransferredFile("look", look.path(), 0, null, result));
        } else if (asked instanceof Other other) {
            files.accept(new TransferredFile(other.op(), other.path(), 0, null, result));
        }
        // Otherwise: reads answered with EOF, or requests the tap does not follow.
    }

    private static String handle(ByteBuffer packet) {
        return java.util.HexFormat.of().formatHex(SftpPacketReader.bytes(packet));
    }
}
