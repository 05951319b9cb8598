package dev.hoshu.broker.gateway;

import dev.hoshu.broker.reversetunnel.Eventually;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A real ssh client the test types into while it runs, and whose output it reads as it comes. */
final class InteractiveSsh implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final Process ssh;
    private final StringBuffer stdout = new StringBuffer();
    private final StringBuffer stderr = new StringBuffer();
    private final Thread stdoutCopy;
    private final Thread stderrCopy;

    InteractiveSsh(Process ssh) {
        this.ssh = ssh;
        this.stdoutCopy = copy(ssh.getInputStream(), stdout, "ssh-stdout");
        this.stderrCopy = copy(ssh.getErrorStream(), stderr, "ssh-stderr");
    }

    void type(String text) throws IOException {
        ssh.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        ssh.getOutputStream().flush();
    }

    void endInput() throws IOException {
        ssh.getOutputStream().close();
    }

    String stdout() {
        return stdout.toString();
    }

    List<String> stderrLines() {
        return stderr.toString().lines().filter(line -> !line.isBlank()).toList();
    }

    /** Waits for a stderr line matching {@code pattern} and answers its match. */
    Matcher awaitStderr(String pattern) {
        Pattern wanted = Pattern.compile(pattern);
        Matcher[] found = new Matcher[1];
        Eventually.waitFor("stderr line " + pattern + " (stderr so far: " + stderr + ")", WAIT, () -> {
            for (String line : stderrLines()) {
                Matcher matcher = wanted.matcher(line);
                if (matcher.matches()) {
                    found[0] = matcher;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    void awaitStdout(String text) {
        Eventually.waitFor("stdout " + text.strip() + " (stdout so far: " + stdout + ")", WAIT,
                () -> stdout.toString().contains(text));
    }

    /** Waits for ssh to exit and for the last of its output to be read, so the test sees all it printed. */
    int awaitExit() throws InterruptedException {
        if (!ssh.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("ssh did not finish; stderr: " + stderr);
        }
        stdoutCopy.join(WAIT.toMillis());
        stderrCopy.join(WAIT.toMillis());
        return ssh.exitValue();
    }

    private static Thread copy(InputStream from, StringBuffer to, String name) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try {
                for (int n = from.read(buffer); n >= 0; n = from.read(buffer)) {
                    to.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                to.append("<").append(e).append(">");
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    @Override
    public void close() {
        ssh.destroyForcibly();
    }
}
