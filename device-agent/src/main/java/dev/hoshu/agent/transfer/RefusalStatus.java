package dev.hoshu.agent.transfer;

import org.apache.sshd.sftp.server.SftpErrorStatusDataHandler;
import org.apache.sshd.sftp.server.SftpSubsystemEnvironment;

/**
 * Sends Hoshu's one-line refusals as the SFTP status message (MINA sends only the status code's generic text);
 * any other failure keeps the generic text, so no device path or exception detail leaks.
 */
final class RefusalStatus implements SftpErrorStatusDataHandler {

    static final RefusalStatus INSTANCE = new RefusalStatus();

    @Override
    public String resolveErrorMessage(SftpSubsystemEnvironment sftpSubsystem, int id, Throwable e, int subStatus,
                                      int cmd, Object... args) {
        String message = e == null ? null : e.getMessage();
        return message != null && message.startsWith("refused: ") ? message
                : SftpErrorStatusDataHandler.super.resolveErrorMessage(sftpSubsystem, id, e, subStatus, cmd, args);
    }
}
