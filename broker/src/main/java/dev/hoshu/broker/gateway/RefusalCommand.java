package dev.hoshu.broker.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.channel.ChannelSession;

/** Answers a request the gateway refuses: one line on stderr, exit status 1. */
final class RefusalCommand extends AsyncStreams {

    static final int REFUSED_STATUS = 1;

    private final String line;

    RefusalCommand(String line) {
        this.line = line;
    }

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
        err.writeBuffer(new ByteArrayBuffer((line + "\n").getBytes(StandardCharsets.UTF_8)))
                .addListener(written -> exit.onExit(REFUSED_STATUS, line));
    }

    @Override
    public void destroy(ChannelSession channel) {
        // Nothing runs.
    }
}
