package dev.hoshu.agent.transfer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/** A transfer channel the agent will not serve: its one line on stderr, exit status 1, no SFTP at all. */
final class RefusedTransfer implements Command {

    private final String line;
    private OutputStream err;
    private ExitCallback exit;

    RefusedTransfer(String line) {
        this.line = line;
    }

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
        err.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        err.flush();
        exit.onExit(1, line);
    }

    @Override
    public void destroy(ChannelSession channel) {
        // Nothing runs.
    }

    @Override
    public void setInputStream(java.io.InputStream in) {
        // Nothing is read.
    }

    @Override
    public void setOutputStream(OutputStream out) {
        // Nothing is written there.
    }

    @Override
    public void setErrorStream(OutputStream err) {
        this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback exit) {
        this.exit = exit;
    }
}
