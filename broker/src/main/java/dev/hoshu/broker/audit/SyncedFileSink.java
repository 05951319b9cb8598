package dev.hoshu.broker.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/** Appends with one fsync per line: administrative acts are rare, and each must survive a crash. */
final class SyncedFileSink implements AuditFileSink {

    private final FileChannel channel;

    private SyncedFileSink(FileChannel channel) {
        this.channel = channel;
    }

    static AuditFileSink open(Path file, boolean create) throws IOException {
        Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        if (create) {
            options.add(StandardOpenOption.CREATE_NEW);
            return new SyncedFileSink(FileChannel.open(file, options,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))));
        }
        return new SyncedFileSink(FileChannel.open(file, options));
    }

    @Override
    public void append(String line) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
        // With metadata: the file's new length is what makes the appended bytes readable after a crash.
        channel.force(true);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
