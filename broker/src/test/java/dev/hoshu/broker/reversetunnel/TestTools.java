package dev.hoshu.broker.reversetunnel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The test device's tools, invoked with the broker's JSON ({"session","tool","args"}):
 * {@code status ARGS…} prints "status: ok ARGS…" and exits 0; {@code fail} writes "boom" to stderr
 * and exits 3; {@code sleep} runs until stopped; {@code cat} copies stdin to stdout;
 * {@code big N} writes N bytes of a repeating pattern.
 */
public final class TestTools {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Queue<String> invocations = new ConcurrentLinkedQueue<>();
    private final Queue<String> stopped = new ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong stdinBytes = new java.util.concurrent.atomic.AtomicLong();

    /** The raw exec strings the device received, in order. */
    public List<String> invocations() {
        return List.copyOf(invocations);
    }

    /** How many bytes of input the tools have read, to show what reached the device. */
    public long stdinBytes() {
        return stdinBytes.get();
    }

    /** How many tools run right now. */
    public int running() {
        return running.get();
    }

    /** Sessions whose tool was stopped by the channel closing before it finished. */
    public List<String> stopped() {
        return List.copyOf(stopped);
    }

    Command command(String execLine) {
        invocations.add(execLine);
        JsonNode invocation = JSON.readTree(execLine);
        String session = invocation.get("session").asString();
        String tool = invocation.get("tool").asString();
        List<String> args = invocation.get("args").valueStream().map(JsonNode::asString).toList();
        return new ToolRun(session, tool, args);
    }

    private final class ToolRun implements Command {
        private final String session;
        private final String tool;
        private final List<String> args;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;
        private Thread thread;
        private ChannelSession channel;
        private volatile boolean finished;

        ToolRun(String session, String tool, List<String> args) {
            this.session = session;
            this.tool = tool;
            this.args = args;
        }

        @Override
        public void start(ChannelSession channel, Environment env) {
            this.channel = channel;
            thread = new Thread(this::run, "test-tool-" + tool);
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            running.incrementAndGet();
            try {
                int status = switch (tool) {
                    case "status" -> write(out, "status: ok" + args.stream().map(a -> " " + a).reduce("", String::concat)
                            + "\n", 0);
                    case "fail" -> write(err, "boom\n", 3);
                    case "sleep" -> sleepUntilStopped();
                    case "cat" -> copyStdin();
                    case "big" -> writeBig(Long.parseLong(args.get(0)));
                    default -> write(err, "unknown tool " + tool + "\n", 127);
                };
                finished = true;
                exit.onExit(status);
            } catch (IOException | InterruptedException e) {
                finished = true;
                exit.onExit(255);
            } finally {
                running.decrementAndGet();
            }
        }

        private int write(OutputStream stream, String text, int status) throws IOException {
            stream.write(text.getBytes(StandardCharsets.UTF_8));
            stream.flush();
            return status;
        }

        /** Runs until the broker closes the channel, as a real agent stops a tool whose channel closed. */
        private int sleepUntilStopped() throws InterruptedException {
            while (!channel.isClosing() && !channel.isClosed()) {
                java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
            stopped.add(session);
            return 143;
        }

        private int copyStdin() throws IOException {
            byte[] buffer = new byte[8192];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                stdinBytes.addAndGet(n);
                out.write(buffer, 0, n);
                out.flush();
            }
            return 0;
        }

        private int writeBig(long size) throws IOException {
            byte[] chunk = new byte[8192];
            for (int i = 0; i < chunk.length; i++) {
                chunk[i] = (byte) ('a' + i % 26);
            }
            for (long left = size; left > 0; left -= chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
            out.flush();
            return 0;
        }

        @Override
        public void destroy(ChannelSession channel) {
            if (!finished) {
                stopped.add(session);
                thread.interrupt();
            }
        }

        @Override
        public void setInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
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
}
