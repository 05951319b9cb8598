package dev.hoshu.broker.gateway;

import dev.hoshu.broker.recording.SessionRecording;
import dev.hoshu.recording.TerminalSize;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.Signal;
import org.apache.sshd.server.SignalListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engineer's terminal ({@code ssh -t}) as the gateway passes it to the device: the {@code pty-req} of the
 * engineer's type and size on the device channel, then each {@code window-change} and {@code signal} (INT, TERM),
 * each recorded before it is forwarded (REQ-REC-2). Whether the tool gets a terminal is the device's decision: only
 * it reads the signed manifest's {@code needsTerminal}.
 */
final class EngineerTerminal implements SignalListener {

    static final List<Signal> FORWARDED = List.of(Signal.WINCH, Signal.INT, Signal.TERM);

    private static final Logger log = LoggerFactory.getLogger(EngineerTerminal.class);

    private final String sessionId;
    private final Environment environment;
    private final SessionRecording recording;
    private final ChannelExec device;

    private EngineerTerminal(String sessionId, Environment environment, SessionRecording recording, ChannelExec device) {
        this.sessionId = sessionId;
        this.environment = environment;
        this.recording = recording;
        this.device = device;
    }

    /** The size of the engineer's terminal, or empty when the engineer asked for none (no {@code -t}). */
    static Optional<TerminalSize> requested(Environment environment) {
        // MINA writes a pty-req into the channel's environment; the gateway takes no other environment (REQ-TOOL-4).
        if (environment == null || environment.getEnv().get(Environment.ENV_TERM) == null) {
            return Optional.empty();
        }
        return Optional.of(sizeIn(environment));
    }

    /** Asks the device for a terminal of the engineer's type and size; the first {@code resize} is recorded first. */
    static void request(String sessionId, Environment environment, SessionRecording recording, ChannelExec device)
            throws IOException {
        TerminalSize size = sizeIn(environment);
        recording.resize(size).join();
        device.setUsePty(true);
        device.setPtyType(environment.getEnv().get(Environment.ENV_TERM));
        device.setPtyColumns(size.columns());
        device.setPtyLines(size.rows());
        environment.addSignalListener(new EngineerTerminal(sessionId, environment, recording, device), FORWARDED);
    }

    @Override
    public void signal(Channel channel, Signal signal) {
        if (signal == Signal.WINCH) {
            TerminalSize size = sizeIn(environment);
            forwardOnceRecorded(recording.resize(size), () -> device.sendWindowChange(size.columns(), size.rows()));
        } else if (signal == Signal.INT || signal == Signal.TERM) {
            forwardOnceRecorded(recording.signal(signal.name()), () -> sendSignal(signal.name()));
        }
    }

    private interface Forward {
        void run() throws IOException;
    }

    private void forwardOnceRecorded(CompletableFuture<Void> recorded, Forward forward) {
        recorded.whenComplete((ok, failure) -> {
            if (failure != null) {
                // Not forwarded, since not recorded; the failed recording ends the session with its next chunk.
                log.warn("session {}: terminal request not recorded, so not forwarded: {}", sessionId, failure.toString());
                return;
            }
            try {
                if (device.isOpen()) {
                    forward.run();
                }
            } catch (IOException e) {
                log.info("session {}: terminal request not forwarded: {}", sessionId, e.toString());
            }
        });
    }

    /** RFC 4254 section 6.9; MINA's client channel has no call for it. */
    private void sendSignal(String name) throws IOException {
        Buffer request = device.getSession().createBuffer(SshConstants.SSH_MSG_CHANNEL_REQUEST, 32);
        request.putUInt(device.getRecipient());
        request.putString("signal");
        request.putBoolean(false);
        request.putString(name);
        device.writePacket(request);
    }

    /** OpenSSH sends 0 when it cannot tell a size, and a forged request may send anything: 80x24 then. */
    private static TerminalSize sizeIn(Environment environment) {
        int columns = number(environment.getEnv().get(Environment.ENV_COLUMNS));
        int rows = number(environment.getEnv().get(Environment.ENV_LINES));
        try {
            return new TerminalSize(columns, rows);
        } catch (IllegalArgumentException e) {
            return new TerminalSize(80, 24);
        }
    }

    private static int number(String value) {
        try {
            return value == null ? 0 : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
