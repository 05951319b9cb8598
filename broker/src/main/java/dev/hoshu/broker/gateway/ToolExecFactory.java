package dev.hoshu.broker.gateway;

import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.command.CommandFactory;

/** Turns each engineer {@code exec} request into a tool session. */
final class ToolExecFactory implements CommandFactory {

    private final SessionServices services;

    ToolExecFactory(SessionServices services) {
        this.services = services;
    }

    @Override
    public Command createCommand(ChannelSession channel, String command) {
        return new ToolExec(command, services);
    }
}
