package dev.hoshu.agent.runner;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.apache.sshd.server.command.Command;

/** A {@link Command} started the way MINA starts it, with its streams captured for assertions. */
final class RunningTool {

    private final Command command;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    private RunningTool(Command command, InputStream in) throws Exception {
        this.command = command;
        command.setInputStream(in);
        command.setOutputStream(out);
        command.setErrorStream(err);
        command.setExitCallback((status, message, closeImmediately) -> exit.complete(status));
        command.start(null, null);
    }

    static RunningTool start(ToolCommandFactory factory, String json) throws Exception {
        return start(factory, json, "");
    }

    static RunningTool start(ToolCommandFactory factory, String json, String stdin) throws Exception {
        return new RunningTool(factory.createCommand(null, json),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    }

    int exitStatus() throws Exception {
        return exit.get(30, TimeUnit.SECONDS);
    }

    boolean exited() {
        return exit.isDone();
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    void destroy() throws Exception {
        command.destroy(null);
    }

    /** Polls until {@code condition} holds or {@code timeout} passes. */
    static boolean eventually(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
        return condition.getAsBoolean();
    }
}
