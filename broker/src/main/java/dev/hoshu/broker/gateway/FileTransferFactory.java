package dev.hoshu.broker.gateway;

import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.subsystem.SubsystemFactory;

/** The one subsystem the gateway serves: {@code sftp}, relayed to the device's transfer area (ADR 0015). */
final class FileTransferFactory implements SubsystemFactory {

    static final String SFTP = "sftp";

    private final SessionServices services;

    FileTransferFactory(SessionServices services) {
        this.services = services;
    }

    @Override
    public String getName() {
        return SFTP;
    }

    @Override
    public Command createSubsystem(ChannelSession channel) {
        return new FileTransfer(services);
    }
}
