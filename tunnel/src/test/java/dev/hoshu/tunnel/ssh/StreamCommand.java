package dev.hoshu.tunnel.ssh;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/** Test tool: "hello" prints a greeting, "bytes N" writes N bytes of a known pattern; exit status 3 otherwise. */
final class StreamCommand implements Command {

    private final String line;
    private OutputStream out;
    private ExitCallback exit;

    StreamCommand(String line) {
        this.line = line;
    }

    static byte patternByte(long i) {
        return (byte) (i * 31 + 7);
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
        Thread worker = new Thread(this::run, "test-command");
        worker.setDaemon(true);
        worker.start();
    }

    private void run() {
        try {
            if (line.equals("hello")) {
                out.write("hello from the device\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                exit.onExit(0);
            } else if (line.startsWith("bytes ")) {
                long total = Long.parseLong(line.substring(6));
                byte[] chunk = new byte[32 * 1024];
                for (long sent = 0; sent < total; sent += chunk.length) {
                    for (int i = 0; i < chunk.length; i++) {
                        chunk[i] = patternByte(sent + i);
                    }
                    out.write(chunk, 0, (int) Math.min(chunk.length, total - sent));
                }
                out.flush();
                exit.onExit(0);
            } else {
                exit.onExit(3, "unknown tool");
            }
        } catch (IOException e) {
            exit.onExit(1, e.getMessage());
        }
    }

    @Override
    public void destroy(ChannelSession channel) {
        // the worker ends on its own when the channel's stream closes
    }

    @Override
    public void setInputStream(java.io.InputStream in) {
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        this.exit = callback;
    }
}
