package dev.hoshu.broker.gateway.transfer;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * SHA-256 of a file as its chunks pass, in file order. SFTP clients keep several reads or writes in flight and
 * re-ask for the rest of a short read, so chunks may arrive out of order: those ahead are held until the gap is
 * filled (a bounded amount; past it, or with a gap left at the end, no hash is claimed).
 */
final class FileDigest {

    static final long MAX_HELD_BYTES = 16L * 1024 * 1024;

    private final MessageDigest sha256;
    private final TreeMap<Long, byte[]> ahead = new TreeMap<>();
    private long held;
    private long next;
    private boolean broken;

    FileDigest() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    void accept(long offset, byte[] data) {
        if (broken || data.length == 0) {
            return;
        }
        if (offset > next) {
            byte[] before = ahead.put(offset, data);
            held += data.length - (before == null ? 0 : before.length);
            broken = held > MAX_HELD_BYTES;
            return;
        }
        append(offset, data);
        Map.Entry<Long, byte[]> first;
        while ((first = ahead.firstEntry()) != null && first.getKey() <= next) {
            ahead.pollFirstEntry();
            held -= first.getValue().length;
            append(first.getKey(), first.getValue());
        }
    }

    private void append(long offset, byte[] data) {
        // A chunk overlapping what already passed (a re-sent write) adds only its new tail.
        long skip = next - offset;
        if (skip < data.length) {
            sha256.update(data, (int) skip, (int) (data.length - skip));
            next += data.length - skip;
        }
    }

    /** Bytes that passed contiguously from offset 0. */
    long size() {
        return next;
    }

    Optional<String> hex() {
        if (broken || !ahead.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(HexFormat.of().formatHex(((MessageDigest) sha256.clone()).digest()));
        } catch (CloneNotSupportedException e) {
            return Optional.empty();
        }
    }
}
