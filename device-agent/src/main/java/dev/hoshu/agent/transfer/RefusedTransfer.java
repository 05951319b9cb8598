package dev.hoshu.agent.transfer;

import dev.hoshu.agent.runner.RefusalReport;
import org.apache.sshd.common.session.Session;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/** A transfer channel the agent will not serve: its one line on stderr, exit status 1, no SFTP at all. */
final class RefusedTransfer implements Command {

    /** What the broker's audit log calls a transfer session's tool. */
    static final String TRANSFER = "sftp";

    private final String line;
    private final Session tunnel;
    private final String session;
    private OutputStream err;
    private ExitCallback exit;

    /** @param session the broker's session id, or {@code null} when the context was unreadable (nothing to report) */
    RefusedTransfer(String line, Session tunnel, String session) {
        this.line = line;
        this.tunnel = tunnel;
        this.session = session;
    }

    /** Reports first, on a thread of its own (the report waits for the broker), then tells the engineer and ends. */
    @Override
    public void start(ChannelSession channel, Environment env) {
        Thread refusal = new Thread(() -> {
            if (session != null) {
                RefusalReport.send(tunnel, session, TRANSFER, line);
            }
            try {
                err.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                err.flush();
            } catch (IOException e) {
                // The channel is gone; the report already carried the line.
            }
            exit.onExit(1, line);
        }, "hoshu-transfer-refused");
        refusal.setDaemon(true);
        refusal.start();
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
