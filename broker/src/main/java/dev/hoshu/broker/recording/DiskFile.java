package dev.hoshu.broker.recording;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** A recording file on the local disk, written through one {@link FileChannel}. */
final class DiskFile implements DurableFile {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final FileChannel channel;

    private DiskFile(FileChannel channel) {
        this.channel = channel;
    }

    static DiskFile createNew(Path file) throws IOException {
        Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        FileChannel channel = POSIX
                ? FileChannel.open(file, options, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : FileChannel.open(file, options);
        try {
            forceDirectory(file.getParent());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return new DiskFile(channel);
    }

    @Override
    public void append(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    @Override
    public void force() throws IOException {
        // Metadata too: the file's size is what makes the appended lines readable after a crash.
        channel.force(true);
    }

    @Override
    public void truncate(long size) throws IOException {
        channel.truncate(size);
        channel.position(size);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** A new file's name is durable only once its folder is; Linux allows forcing a folder opened read-only. */
    private static void forceDirectory(Path dir) throws IOException {
        if (!POSIX) {
            return;
        }
        try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
            folder.force(true);
        }
    }
}
