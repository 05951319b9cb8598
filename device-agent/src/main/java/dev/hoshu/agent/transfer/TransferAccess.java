package dev.hoshu.agent.transfer;

import dev.hoshu.access.Names;
import dev.hoshu.tools.PackageSignature;
import dev.hoshu.tools.ToolRefusedException;
import dev.hoshu.tools.ToolTransfer;
import java.io.IOException;
import java.nio.channels.Channel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.CopyOption;
import java.nio.file.InvalidPathException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpFileSystemAccessor;
import org.apache.sshd.sftp.server.SftpSubsystemProxy;

/**
 * What the engineer may do in a session's transfer area: read in download folders, write packages (and their
 * signatures) in upload folders, nothing else. A package is placed on the device when its file is closed.
 */
final class TransferAccess implements SftpFileSystemAccessor {

    private final TransferArea area;

    TransferAccess(TransferArea area) {
        this.area = area;
    }

    /**
     * Every path the engineer names passes here first (stat, ls, cd, get, put): one outside the transfer folders is
     * refused with its reason instead of answered "no such file".
     */
    @Override
    public Path resolveLocalFilePath(SftpSubsystemProxy subsystem, Path rootDir, String remotePath)
            throws IOException, InvalidPathException {
        Path local = SftpFileSystemAccessor.super.resolveLocalFilePath(subsystem, rootDir, remotePath);
        String areaPath = areaPath(local);
        if (!area.reachable(areaPath)) {
            throw refused(area.outside(areaPath));
        }
        return local;
    }

    @Override
    public SeekableByteChannel openFile(SftpSubsystemProxy subsystem, FileHandle fileHandle, Path file, String handle,
                                        Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        String areaPath = areaPath(file);
        Optional<ToolTransfer> folder = area.folderOf(areaPath);
        if (folder.isEmpty()) {
            throw refused("refused: " + Names.printable(areaPath) + " is not in a transfer folder of a granted tool");
        }
        boolean writes = writes(options);
        if (writes && folder.get().downloads()) {
            throw refused("refused: " + Names.printable(areaPath) + " is in a download folder; nothing can be written there");
        }
        if (!writes && !folder.get().downloads()) {
            throw refused("refused: " + Names.printable(areaPath) + " is in an upload folder; uploads are not read back");
        }
        return SftpFileSystemAccessor.super.openFile(subsystem, fileHandle, file, handle, options, attrs);
    }

    @Override
    public void closeFile(SftpSubsystemProxy subsystem, FileHandle fileHandle, Path file, String handle,
                          Channel channel, Set<? extends OpenOption> options) throws IOException {
        SftpFileSystemAccessor.super.closeFile(subsystem, fileHandle, file, handle, channel, options);
        String areaPath = areaPath(file);
        if (!writes(options) || areaPath.endsWith(PackageSignature.SUFFIX)) {
            return;
        }
        try {
            area.place(areaPath);
        } catch (ToolRefusedException e) {
            throw refused(e.getMessage());
        }
    }

    @Override
    public void createDirectory(SftpSubsystemProxy subsystem, Path path) throws IOException {
        throw refused("refused: folders cannot be created; transfer folders are the manifests'");
    }

    @Override
    public void createLink(SftpSubsystemProxy subsystem, Path link, Path existing, boolean symLink)
            throws IOException {
        throw refused("refused: links cannot be created in a transfer folder");
    }

    @Override
    public void renameFile(SftpSubsystemProxy subsystem, Path oldPath, Path newPath, Collection<CopyOption> opts)
            throws IOException {
        throw refused("refused: files cannot be renamed in a transfer folder");
    }

    @Override
    public void copyFile(SftpSubsystemProxy subsystem, Path src, Path dst, Collection<CopyOption> opts)
            throws IOException {
        throw refused("refused: files cannot be copied in a transfer folder");
    }

    @Override
    public void removeFile(SftpSubsystemProxy subsystem, Path path, boolean isDirectory) throws IOException {
        throw refused("refused: files cannot be removed through a transfer");
    }

    private static boolean writes(Set<? extends OpenOption> options) {
        return options.contains(StandardOpenOption.WRITE) || options.contains(StandardOpenOption.APPEND)
                || options.contains(StandardOpenOption.CREATE) || options.contains(StandardOpenOption.CREATE_NEW);
    }

    private static String areaPath(Path file) {
        return file.toAbsolutePath().normalize().toString();
    }

    private static SftpException refused(String line) {
        return new SftpException(SftpConstants.SSH_FX_PERMISSION_DENIED, line);
    }
}
