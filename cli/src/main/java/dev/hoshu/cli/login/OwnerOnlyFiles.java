package dev.hoshu.cli.login;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and directories only their owner can read: tokens, private keys and certificates live in
 * {@code $HOSHU_HOME}. Permissions are set at creation so there is no moment when they are open.
 */
public final class OwnerOnlyFiles {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private OwnerOnlyFiles() {
    }

    public static Path createDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return dir;
        }
        return POSIX ? Files.createDirectories(dir, attribute("rwx------")) : Files.createDirectories(dir);
    }

    public static Path createFile(Path dir, String prefix, String suffix) throws IOException {
        return POSIX ? Files.createTempFile(dir, prefix, suffix, attribute("rw-------"))
                : Files.createTempFile(dir, prefix, suffix);
    }

    /** Writes a new owner-only file; never replaces one ({@link java.nio.file.FileAlreadyExistsException}). */
    public static Path writeNew(Path file, byte[] content) throws IOException {
        Path created = POSIX ? Files.createFile(file, attribute("rw-------")) : Files.createFile(file);
        return Files.write(created, content);
    }

    private static FileAttribute<Set<PosixFilePermission>> attribute(String permissions) {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions));
    }
}
