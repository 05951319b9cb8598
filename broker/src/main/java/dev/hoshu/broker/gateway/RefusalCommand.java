package dev.hoshu.broker.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.sshd.common.io.IoInputStream;
import org.apache.sshd.common.io.IoOutputStream;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.AsyncCommand;

/** Answers a request the gateway refuses: one line on stderr, exit status 1. */
final class RefusalCommand implements AsyncCommand {

    static final int REFUSED_STATUS = 1;

    private final String line;
    private IoOutputStream err;
    private ExitCallback exit;

    RefusalCommand(String line) {
        this.line = line;
    }

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
        err.writeBuffer(new ByteArrayBuffer((line + "\n").getBytes(StandardCharsets.UTF_8)))
                .addListener(written -> exit.onExit(REFUSED_STATUS, line));
    }

    @Override
    public void setIoErrorStream(IoOutputStream err) {
        this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback exit) {
        this.exit = exit;
    }

    @Override
    public void setIoInputStream(IoInputStream in) {
        // The refusal reads nothing.
    }

    @Override
    public void setIoOutputStream(IoOutputStream out) {
        // The refusal goes to stderr only.
    }

    @Override
    public void setInputStream(InputStream in) {
        // Async streams are used.
    }

    @Override
    public void setOutputStream(OutputStream out) {
        // Async streams are used.
    }

    @Override
    public void setErrorStream(OutputStream err) {
        // Async streams are used.
    }

    @Override
    public void destroy(ChannelSession channel) {
        // Nothing runs.
    }
}
