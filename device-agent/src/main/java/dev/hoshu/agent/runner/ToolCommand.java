package dev.hoshu.agent.runner;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.sshd.common.session.Session;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.hoshu.access.Decision;
import dev.hoshu.access.Names;
import dev.hoshu.tools.ToolRefusedException;
import dev.hoshu.tools.ToolStanding;
import dev.hoshu.tools.ToolVerifier;
import dev.hoshu.tools.TrustedKeys;
import dev.hoshu.tools.VerifiedTool;

/**
 * One exec channel running one tool. The tool is verified when the channel starts, never from a
 * cache, so a file changed a second ago is refused. The channel's streams are the tool's streams;
 * closing the channel (the broker's kill) stops the whole process tree.
 */
final class ToolCommand implements Command {

    private static final Logger log = LoggerFactory.getLogger(ToolCommand.class);
    private static final InputStream NO_INPUT = InputStream.nullInputStream();
    /** What a shell reports for a process ended by SIGKILL. */
    private static final int KILLED = 128 + 9;

    private final ToolInvocation invocation;
    private final RunnerSettings settings;
    private final CompletableFuture<Void> stopRequested = new CompletableFuture<>();
    private final CompletableFuture<String> endedOnSite = new CompletableFuture<>();
    private Session sshSession;
    private Environment environment;

    private InputStream in = NO_INPUT;
    private OutputStream out = OutputStream.nullOutputStream();
    private OutputStream err = OutputStream.nullOutputStream();
    private ExitCallback exitCallback = (status, message, closeImmediately) -> { };

    /** @param invocation null when the exec request was malformed: the command then only says so */
    ToolCommand(ToolInvocation invocation, RunnerSettings settings) {
        this.invocation = invocation;
        this.settings = settings;
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
    public void setExitCallback(ExitCallback callback) {
        this.exitCallback = callback;
    }

    /** Returns at once: verifying and running happen on the tool's own thread, not MINA's I/O thread. */
    @Override
    public void start(ChannelSession channel, Environment env) {
        sshSession = channel == null ? null : channel.getSession();
        environment = env;
        String session = invocation == null ? "malformed" : invocation.session();
        Thread worker = new Thread(this::runToExit, "hoshu-tool-" + session);
        worker.setDaemon(true);
        worker.start();
    }

    /** Remote maintenance was switched off on site: stop the tool's tree and tell the engineer why. */
    void endOnSite(String why) {
        endedOnSite.complete(why);
    }

    /** The channel is closing: stop the tool's whole tree if it is still running. */
    @Override
    public void destroy(ChannelSession channel) {
        stopRequested.complete(null);
    }

    private void runToExit() {
        int status;
        try {
            status = run();
        } catch (RuntimeException e) {
            log.error("session {}: runner failed", invocation == null ? "-" : invocation.session(), e);
            status = refuse("refused: tool could not be run (agent error)");
        }
        if (!stopRequested.isDone()) {
            exitCallback.onExit(status);
        }
    }

    private int run() {
        if (invocation == null) {
            log.warn("refused an exec request that is not a tool invocation");
            return tell(MalformedInvocationException.MESSAGE, ExitStatus.MALFORMED);
        }
        Optional<String> switchedOff = settings.gate().refusal();
        if (switchedOff.isPresent()) {
            log.warn("session {}: refused tool {}: {}", invocation.session(), Names.quoted(invocation.tool()),
                    switchedOff.get());
            return refuse(switchedOff.get());
        }
        VerifiedTool tool;
        try {
            tool = verify();
        } catch (ToolRefusedException e) {
            log.warn("session {}: {}", invocation.session(), e.getMessage());
            // Composed by the verifier from checked parts, hostile values already quoted and cut: shown whole.
            String line = e.getMessage().replaceAll("\\p{Cntrl}", "?");
            RefusalReport.send(sshSession, invocation.session(), Names.printable(invocation.tool()), line);
            return say(line, ExitStatus.REFUSED);
        }
        if (stopRequested.isDone()) {
            return ExitStatus.REFUSED;
        }
        Optional<Terminal> terminal = Terminal.of(environment);
        if (tool.manifest().needsTerminal() && terminal.isEmpty()) {
            String line = "refused: tool " + Names.quoted(invocation.tool()) + " is interactive and needs a terminal; "
                    + "run it with ssh -t";
            log.warn("session {}: {}", invocation.session(), line);
            RefusalReport.send(sshSession, invocation.session(), Names.printable(invocation.tool()), line);
            return say(line, ExitStatus.REFUSED);
        }
        // A tool that does not ask for a terminal runs without one even when the engineer asked (ssh -t), as before.
        Terminal given = tool.manifest().needsTerminal() ? terminal.get() : null;
        showCautions(tool, given != null);
        Process process;
        try {
            process = given == null ? settings.launcher().start(tool, invocation)
                    : settings.launcher().startInTerminal(tool, invocation, given);
        } catch (IOException e) {
            log.warn("session {}: tool {} did not start: {}", invocation.session(), invocation.tool(), e.toString());
            // The launcher's own refusals (no setsid, cannot switch users) say why; anything else says only that.
            String line = e.getMessage() != null && e.getMessage().startsWith("refused: ") ? e.getMessage()
                    : "refused: tool " + Names.quoted(invocation.tool()) + " could not be started";
            RefusalReport.send(sshSession, invocation.session(), Names.printable(invocation.tool()), line);
            return say(line, ExitStatus.REFUSED);
        }
        log.info("session {}: running tool {} {} as pid {}", invocation.session(), tool.manifest().name(),
                tool.manifest().version(), process.pid());
        if (environment != null) {
            environment.addSignalListener(new EngineerSignals(invocation.session(), process, environment, given),
                    EngineerSignals.FORWARDED);
        }
        return supervise(process, tool.manifest().timeLimitSeconds(), given != null);
    }

    /** Before the tool's first byte, so the engineer reads them first and the recording holds them first. */
    private void showCautions(VerifiedTool tool, boolean inTerminal) {
        byte[] cautions = Cautions.of(tool.manifest(), inTerminal);
        if (cautions.length == 0) {
            return;
        }
        try {
            err.write(cautions);
            err.flush();
        } catch (IOException e) {
            log.debug("session {}: cautions not shown: {}", invocation.session(), e.toString());
        }
    }

    private VerifiedTool verify() throws ToolRefusedException {
        if (!Names.isToolName(invocation.tool())) {
            // Checked before any path is built from the name: no traversal, no odd characters.
            throw new ToolRefusedException("refused: unknown tool " + Names.quoted(invocation.tool()));
        }
        TrustedKeys trust;
        try {
            trust = TrustedKeys.load(settings.trustedKeysDir());
        } catch (IOException e) {
            log.error("cannot load trusted manufacturer keys from {}: {}", settings.trustedKeysDir(), e.getMessage());
            throw new ToolRefusedException("refused: this device has no usable trusted manufacturer keys");
        }
        VerifiedTool tool = new ToolVerifier().verify(settings.toolsDir().resolve(invocation.tool()), trust);
        new ToolStanding(invocation.revoked(), invocation.trustedKeys()).check(invocation.tool(), tool,
                ToolStanding.Use.RUN);
        Decision args = tool.manifest().checkArgs(invocation.args());
        if (args.refused()) {
            throw new ToolRefusedException(args.reason());
        }
        if (!Files.isExecutable(tool.entrypoint())) {
            throw new ToolRefusedException("refused: tool " + Names.quoted(invocation.tool()) + " entrypoint is not executable");
        }
        return tool;
    }

    /**
     * @param inTerminal the tool runs on a pseudo-terminal: its one stream carries stdout and stderr, and the end of
     *                   the engineer's input is not passed on by closing the terminal (that would hang the tool up)
     */
    private int supervise(Process process, int timeLimitSeconds, boolean inTerminal) {
        // pty4j's process has no ProcessHandle of its own; its pid names the same process.
        ProcessTree tree = inTerminal ? ProcessTree.ofPid(process.pid()) : new ProcessTree(process.toHandle());
        StreamPump stdout = StreamPump.start(threadName("stdout"), process.getInputStream(), out, false);
        StreamPump stderr = inTerminal ? StreamPump.start(threadName("stderr"), InputStream.nullInputStream(), err, false)
                : StreamPump.start(threadName("stderr"), process.getErrorStream(), err, false);
        StreamPump.start(threadName("stdin"), in, process.getOutputStream(), !inTerminal);

        settings.running().started(this);
        TunnelWatch watch = TunnelWatch.start(sshSession, settings.tunnelLossGrace(), invocation.session());
        Outcome outcome;
        ProcessTree.Stopped stopped;
        try {
            outcome = awaitExitOrStop(process, timeLimitSeconds);
            // Even after a normal exit, whatever the tool left running in its session is stopped: a
            // tool's run ends with the tool, and leftovers would hold its output open.
            stopped = tree.stopCounting(settings.stopGrace());
        } finally {
            watch.stop();
            settings.running().finished(this);
        }
        if (!stopped.clean()) {
            log.error("session {}: processes of tool {} survived SIGKILL", invocation.session(), invocation.tool());
        }
        long drainMillis = settings.stopGrace().toMillis() + 1000;
        stdout.awaitEnd(drainMillis);
        stderr.awaitEnd(drainMillis);
        return switch (outcome) {
            case EXITED -> exitValue(process);
            case STOPPED -> {
                log.warn("session {}: tool {} stopped because the channel closed", invocation.session(), invocation.tool());
                StopConfirmation.send(sshSession, invocation.session(), stopped);
                yield exitValue(process);
            }
            case ENDED_ON_SITE -> {
                log.warn("session {}: tool {} stopped: {}", invocation.session(), invocation.tool(),
                        endedOnSite.join());
                yield say("hoshu: session " + invocation.session() + " ended: " + endedOnSite.join(), KILLED);
            }
            case TIMED_OUT -> {
                log.warn("session {}: tool {} exceeded its time limit of {} s", invocation.session(),
                        invocation.tool(), timeLimitSeconds);
                yield tell("stopped: tool " + Names.quoted(invocation.tool()) + " exceeded its time limit of "
                        + timeLimitSeconds + " s", ExitStatus.TIMED_OUT);
            }
        };
    }

    private enum Outcome { EXITED, STOPPED, ENDED_ON_SITE, TIMED_OUT }

    private Outcome awaitExitOrStop(Process process, int timeLimitSeconds) {
        CompletableFuture<Object> first = CompletableFuture.anyOf(process.onExit(), stopRequested, endedOnSite);
        try {
            if (timeLimitSeconds > 0) {
                first.get(timeLimitSeconds, TimeUnit.SECONDS);
            } else {
                first.get();
            }
        } catch (TimeoutException e) {
            return Outcome.TIMED_OUT;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.STOPPED;
        } catch (ExecutionException e) {
            return Outcome.STOPPED;
        }
        if (stopRequested.isDone()) {
            return Outcome.STOPPED;
        }
        return endedOnSite.isDone() ? Outcome.ENDED_ON_SITE : Outcome.EXITED;
    }

    private static int exitValue(Process process) {
        try {
            if (process.waitFor(1, TimeUnit.SECONDS)) {
                return process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return KILLED;
    }

    private int refuse(String line) {
        return tell(line, ExitStatus.REFUSED);
    }

    private int tell(String line, int status) {
        return say(Names.printable(line), status);
    }

    /** Writes a line the agent composed itself from checked parts, so it is not cut short; control characters out. */
    private int say(String line, int status) {
        try {
            err.write((line.replaceAll("\\p{Cntrl}", "?") + "\n").getBytes(StandardCharsets.UTF_8));
            err.flush();
        } catch (IOException e) {
            log.debug("could not tell the broker '{}': {}", line, e.toString());
        }
        return status;
    }

    private String threadName(String stream) {
        return "hoshu-tool-" + invocation.session() + "-" + stream;
    }

    /**
     * Where tools and keys live, how long a stopped tool may take to finish, whether tools may run at all (the
     * on-site switch), who is running, and how long a silent tunnel is tolerated.
     */
    record RunnerSettings(Path toolsDir, Path trustedKeysDir, Duration stopGrace, ToolLauncher launcher, RunGate gate,
                          RunningTools running, Duration tunnelLossGrace) {
    }
}
