package dev.hoshu.broker.relay;

import dev.hoshu.broker.killswitch.DeviceStop;
import dev.hoshu.broker.killswitch.KillTarget;
import dev.hoshu.broker.recording.SessionRecording;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.sshd.client.channel.ClientChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays one session between the engineer's channel and the device's exec channel. Every chunk is
 * forwarded only after its event is on stable storage (REQ-REC-2); a recording failure ends the session
 * with the reason on the engineer's stderr.
 */
public final class SessionRelay implements KillTarget {

    /** The exit status a killed session reports, as a shell reports a process ended by SIGKILL. */
    public static final int KILLED_STATUS = 137;

    private static final Logger log = LoggerFactory.getLogger(SessionRelay.class);
    // A kill must finish within a second even when the engineer's window is full.
    private static final long NOTICE_WAIT_MILLIS = 500;
    private static final long DEVICE_CLOSE_WAIT_SECONDS = 10;
    // The agent stops a tree within its stop grace (5 s) plus a moment for SIGKILL to settle.
    private static final long DEVICE_STOP_WAIT_SECONDS = 10;

    private final String sessionId;
    private final EngineerChannel engineer;
    private final ClientChannel device;
    private final SessionRecording recording;
    private final Runnable onEnd;
    private final OrderedWriter toEngineerOut;
    private final OrderedWriter toEngineerErr;
    private final OrderedWriter toDevice;
    private final AtomicBoolean over = new AtomicBoolean();
    private final CompletableFuture<DeviceStop> deviceStop = new CompletableFuture<>();
    private final FlowGate gate = new FlowGate();

    public SessionRelay(String sessionId, EngineerChannel engineer, ClientChannel device, SessionRecording recording,
                        Runnable onEnd) {
        this(sessionId, engineer, new OrderedWriter(engineer.err()), device, recording, onEnd);
    }

    /** @param engineerErr the writer the gateway already uses for its notices on the engineer's stderr */
    public SessionRelay(String sessionId, EngineerChannel engineer, OrderedWriter engineerErr, ClientChannel device,
                        SessionRecording recording, Runnable onEnd) {
        this.sessionId = sessionId;
        this.engineer = engineer;
        this.device = device;
        this.recording = recording;
        this.onEnd = onEnd;
        this.toEngineerOut = new OrderedWriter(engineer.out());
        this.toEngineerErr = engineerErr;
        this.toDevice = new OrderedWriter(device.getAsyncIn());
    }

    /**
     * Stops bytes moving either way until {@link #resume}: each direction holds the chunk it has read and reads no
     * more, so the engineer's and the device's SSH windows fill and push back; nothing is dropped.
     */
    public void pause() {
        gate.close();
    }

    public void resume() {
        gate.open();
    }

    /** Starts relaying; the device channel must be open in async streaming mode. */
    public void start() {
        CompletableFuture<Void> deviceClosed = new CompletableFuture<>();
        device.addCloseFutureListener(f -> deviceClosed.complete(null));
        CompletableFuture<Void> out = new StreamPump(device.getAsyncOut(), this::outputToEngineer).start();
        CompletableFuture<Void> err = new StreamPump(device.getAsyncErr(), this::stderrToEngineer).start();
        new StreamPump(engineer.in(), this::inputToDevice).start().whenComplete((ok, failure) -> {
            if (failure != null) {
                onRelayFailure(failure);
            } else {
                closeDeviceInput();
            }
        });
        CompletableFuture.allOf(out, err).whenComplete((ok, failure) -> {
            if (failure != null) {
                onRelayFailure(failure);
            } else {
                deviceClosed.thenRun(this::onDeviceExit);
            }
        });
    }

    /** The kill switch: records who and why, tells the engineer, closes both channels. */
    @Override
    public void kill(String by, String reason) {
        end(by, reason, "killed by " + by + ": " + reason);
    }

    /** Ends the session like a kill; the engineer reads {@code hoshu: session s-… <how>}. */
    @Override
    public void end(String by, String reason, String how) {
        if (!over.compareAndSet(false, true)) {
            return;
        }
        gate.remove();
        try {
            recording.kill(by, reason);
        } catch (IOException e) {
            log.warn("session {}: kill could not be recorded: {}", sessionId, e.getMessage());
        }
        closeDevice();
        noticeThenExit("hoshu: session " + sessionId + " " + how, KILLED_STATUS, null);
        sealOnceTheDeviceStopped(how);
    }

    /** The device confirmed the stop of the killed session's tool: recorded before the seal. */
    @Override
    public void deviceStopped(DeviceStop stop) {
        deviceStop.complete(stop);
    }

    /**
     * The recording of a cut session stays open until the device confirms the tool is stopped, so the record
     * holds that confirmation; a device that does not confirm in time (or whose tunnel is gone) is sealed without.
     */
    private void sealOnceTheDeviceStopped(String how) {
        device.getSession().addCloseFutureListener(f -> deviceStop.complete(null));
        deviceStop.completeOnTimeout(null, DEVICE_STOP_WAIT_SECONDS, TimeUnit.SECONDS).whenComplete((stop, failure) -> {
            if (stop != null) {
                try {
                    recording.stop(stop.processes(), stop.deviceTime());
                } catch (IOException e) {
                    log.warn("session {}: device stop could not be recorded: {}", sessionId, e.getMessage());
                }
            }
            closeRecording(stop == null ? how + "; device did not confirm the stop" : how);
        });
    }

    /** The engineer's channel is gone: stop the tool on the device and finish the recording. */
    public void engineerLeft() {
        if (!over.compareAndSet(false, true)) {
            return;
        }
        gate.remove();
        closeDevice();
        closeRecording("engineer disconnected");
        onEnd.run();
    }

    private CompletableFuture<Void> outputToEngineer(byte[] data) {
        return recordThenForward(data, Direction.OUTPUT, toEngineerOut);
    }

    private CompletableFuture<Void> stderrToEngineer(byte[] data) {
        return recordThenForward(data, Direction.STDERR, toEngineerErr);
    }

    private CompletableFuture<Void> inputToDevice(byte[] data) {
        return recordThenForward(data, Direction.INPUT, toDevice);
    }

    private enum Direction { OUTPUT, STDERR, INPUT }

    /**
     * Forwards the chunk only once its event is on stable storage; the returned future, which the pump waits
     * for before reading the next chunk, completes once it has been forwarded.
     */
    private CompletableFuture<Void> recordThenForward(byte[] data, Direction direction, OrderedWriter target) {
        return gate.passage().thenCompose(open -> recordThenForwardNow(data, direction, target));
    }

    private CompletableFuture<Void> recordThenForwardNow(byte[] data, Direction direction, OrderedWriter target) {
        if (over.get()) {
            // After a kill nothing more is forwarded; draining keeps MINA's windows from stalling the close.
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> recorded = switch (direction) {
            case OUTPUT -> recording.output(data);
            case STDERR -> recording.stderr(data);
            case INPUT -> recording.input(data);
        };
        return recorded
                .exceptionallyCompose(failure -> CompletableFuture.failedFuture(
                        new RecordingFailedException(unwrap(failure))))
                .thenCompose(durable -> over.get() ? CompletableFuture.completedFuture(null) : target.write(data));
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /**
     * Sends SSH_MSG_CHANNEL_CLOSE, which tells the agent to stop the tool (MINA's immediate close sends
     * nothing); if the agent does not confirm in time, the channel is dropped locally anyway.
     */
    private void closeDevice() {
        device.close(false);
        CompletableFuture.delayedExecutor(DEVICE_CLOSE_WAIT_SECONDS, TimeUnit.SECONDS).execute(() -> device.close(true));
    }

    private void closeDeviceInput() {
        // Closing the async input sends EOF, so a tool reading stdin sees the engineer is done typing.
        device.getAsyncIn().close(false);
    }

    private void onDeviceExit() {
        if (!over.compareAndSet(false, true)) {
            return;
        }
        Integer status = device.getExitStatus();
        int exitStatus = status != null ? status : 255;
        try {
            recording.exit(exitStatus);
            recording.close("exit");
        } catch (IOException e) {
            // The exit status was not recorded, so it is not forwarded either (fail closed).
            log.warn("session {}: exit could not be recorded: {}", sessionId, e.getMessage());
            noticeThenExit("hoshu: session " + sessionId + " ended: recording failed: " + e.getMessage(), 1, null);
            return;
        }
        log.info("session {} ended with exit status {}", sessionId, exitStatus);
        engineer.exit().onExit(exitStatus);
        onEnd.run();
    }

    private void onRelayFailure(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (!over.compareAndSet(false, true)) {
            return;
        }
        gate.remove();
        closeDevice();
        if (cause instanceof RecordingFailedException recordingFailure) {
            log.warn("session {}: recording failed, ending the session: {}", sessionId, recordingFailure.getMessage());
            noticeThenExit("hoshu: session " + sessionId + " ended: recording failed: " + recordingFailure.getMessage(),
                    1, "recording failed");
        } else {
            log.info("session {}: relay stopped: {}", sessionId, cause.toString());
            noticeThenExit("hoshu: session " + sessionId + " ended: connection to the device was lost", 255,
                    "relay failed: " + cause.getMessage());
        }
    }

    /** Prints one line on the engineer's stderr, then exits; {@code how == null}: the recording is already closed. */
    private void noticeThenExit(String line, int status, String how) {
        if (how != null) {
            closeRecording(how);
        }
        toEngineerErr.write((line + "\r\n").getBytes(StandardCharsets.UTF_8))
                .completeOnTimeout(null, NOTICE_WAIT_MILLIS, TimeUnit.MILLISECONDS)
                .whenComplete((ok, failure) -> {
                    engineer.exit().onExit(status, line);
                    onEnd.run();
                });
    }

    private void closeRecording(String how) {
        try {
            recording.close(how);
        } catch (IOException e) {
            log.warn("session {}: recording could not be sealed: {}", sessionId, e.getMessage());
        }
    }

    /** Marks a sink failure that came from the recording, which ends the session (fail closed). */
    private static final class RecordingFailedException extends IOException {
        RecordingFailedException(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }
}
