package dev.hoshu.agent.transfer;

import dev.hoshu.tools.ToolRefusedException;
import dev.hoshu.tools.TrustedKeys;
import dev.hoshu.tunnel.control.TransferContext;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import org.apache.sshd.common.file.FileSystemFactory;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.sftp.server.SftpSubsystem;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's {@code sftp} subsystem: each channel carries the broker's {@link TransferContext} and gets a
 * transfer area of its own, removed when the channel closes. A channel without a valid context, whose tools
 * do not verify or name no transfer folder, is closed with its reason on stderr (exit status 1).
 */
public final class TransferSubsystemFactory extends SftpSubsystemFactory {

    private static final Logger log = LoggerFactory.getLogger(TransferSubsystemFactory.class);

    private final Path toolsDir;
    private final Path trustedKeysDir;
    private final Path deviceFiles;
    private final Path areas;

    /**
     * @param deviceFiles what manifests' transfer paths are relative to
     * @param areas       where session areas are made (the agent's data, never a device folder)
     */
    public TransferSubsystemFactory(Path toolsDir, Path trustedKeysDir, Path deviceFiles, Path areas) {
        this.toolsDir = toolsDir;
        this.trustedKeysDir = trustedKeysDir;
        this.deviceFiles = deviceFiles;
        this.areas = areas;
    }

    @Override
    public Command createSubsystem(ChannelSession channel) throws IOException {
        TransferArea area;
        TransferContext context = null;
        try {
            context = TransferContext.parse(channel.getEnvironment().getEnv().get(TransferContext.ENV));
            area = TransferArea.open(context, toolsDir, deviceFiles, TrustedKeys.load(trustedKeysDir), areas);
        } catch (IllegalArgumentException | ToolRefusedException e) {
            log.warn("file transfer refused: {}", e.getMessage());
            // A failed subsystem request carries no text; the broker relays this line to the engineer, and audits
            // it from the report (a context it could not read names no session to report about).
            return new RefusedTransfer(e.getMessage(), channel.getSession(), context == null ? null : context.session());
        }
        FileSystem files = new VirtualFileSystemFactory(area.root()).createFileSystem(channel.getSession());
        SftpSubsystem subsystem = new AreaSubsystem(channel, this, files, area);
        getRegisteredListeners().forEach(subsystem::addSftpEventListener);
        return subsystem;
    }

    /** An SFTP subsystem bound to its area: the server's own file system factory is ignored. */
    private static final class AreaSubsystem extends SftpSubsystem {
        private final FileSystem area;
        private final TransferArea cleanup;

        AreaSubsystem(ChannelSession channel, SftpSubsystemFactory factory, FileSystem area, TransferArea cleanup) {
            super(channel, withAccess(factory, cleanup));
            this.area = area;
            this.cleanup = cleanup;
            super.setFileSystem(area);
        }

        private static SftpSubsystemFactory withAccess(SftpSubsystemFactory factory, TransferArea area) {
            SftpSubsystemFactory own = new SftpSubsystemFactory.Builder()
                    .withFileSystemAccessor(new TransferAccess(area))
                    .withSftpErrorStatusDataHandler(RefusalStatus.INSTANCE)
                    .withExecutorServiceProvider(factory.getExecutorServiceProvider())
                    .build();
            return own;
        }

        @Override
        public void setFileSystemFactory(FileSystemFactory factory, SessionContext session) {
            // The area is this subsystem's whole world; the server's factory would be the device's root.
        }

        @Override
        public void setFileSystem(FileSystem fileSystem) {
            if (fileSystem == area) {
                super.setFileSystem(fileSystem);
            }
        }

        @Override
        public void destroy(ChannelSession channel) {
            try {
                super.destroy(channel);
            } finally {
                try {
                    cleanup.close();
                } catch (IOException e) {
                    log.warn("transfer area {} not removed: {}", cleanup.root(), e.getMessage());
                }
            }
        }
    }
}
