package dev.hoshu.agent.runner;

import java.io.IOException;
import java.util.List;

import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.Signal;
import org.apache.sshd.server.SignalListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.pty4j.PtyProcess;
import com.pty4j.WinSize;

/**
 * What the engineer's client asks of a running tool through the broker: {@code window-change} resizes the tool's
 * terminal (the kernel then sends it SIGWINCH), and {@code signal} INT or TERM goes to the tool's process group.
 * Every other signal is ignored: stopping a tool for good is the kill switch's job, which stops its whole tree.
 */
final class EngineerSignals implements SignalListener {

    static final List<Signal> FORWARDED = List.of(Signal.INT, Signal.TERM, Signal.WINCH);

    private static final Logger log = LoggerFactory.getLogger(EngineerSignals.class);
    /** util-linux kill, run by argv: the JDK can send only TERM and KILL. */
    private static final String KILL = "/usr/bin/kill";

    private final String session;
    private final Process process;
    private final Environment environment;
    private final Terminal terminal;

    /** @param terminal null when the tool runs without a terminal: window changes are then ignored */
    EngineerSignals(String session, Process process, Environment environment, Terminal terminal) {
        this.session = session;
        this.process = process;
        this.environment = environment;
        this.terminal = terminal;
    }

    @Override
    public void signal(Channel channel, Signal signal) {
        if (signal == Signal.WINCH) {
            resize();
        } else if (signal == Signal.INT || signal == Signal.TERM) {
            toProcessGroup(signal);
        }
    }

    private void resize() {
        if (terminal == null || !(process instanceof PtyProcess pty)) {
            return;
        }
        Terminal resized = terminal.resizedAs(environment);
        log.info("session {}: terminal resized to {}x{}", session, resized.columns(), resized.rows());
        pty.setWinSize(new WinSize(resized.columns(), resized.rows()));
    }

    /** The tool leads its own session and process group, so its group id is its pid. */
    private void toProcessGroup(Signal signal) {
        if (!process.isAlive()) {
            return;
        }
        log.info("session {}: sending SIG{} to the tool's process group {}", session, signal.name(), process.pid());
        try {
            // Not waited for: this runs on an SSH I/O thread, and the JDK reaps the finished kill by itself.
            new ProcessBuilder(KILL, "-s", signal.name(), "--", "-" + process.pid())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            log.warn("session {}: SIG{} not sent: {}", session, signal.name(), e.toString());
        }
    }
}
