package dev.hoshu.broker.gateway;

import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.shell.ShellFactory;

/** There is no general shell (REQ-TOOL-4): a shell request is told how to run a tool instead. */
final class NoShellFactory implements ShellFactory {

    @Override
    public Command createShell(ChannelSession channel) {
        String device = GrantCertificateCheck.printable(channel.getSession().getUsername());
        return new RefusalCommand("refused: no interactive shell; run a tool: ssh " + device + "@<broker> status");
    }
}
