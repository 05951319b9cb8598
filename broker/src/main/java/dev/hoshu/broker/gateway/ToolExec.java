package dev.hoshu.broker.gateway;

import dev.hoshu.access.Grant;
import dev.hoshu.access.TokyoTime;
import dev.hoshu.broker.audit.AuditUnavailableException;
import dev.hoshu.broker.killswitch.LiveSession;
import dev.hoshu.broker.killswitch.SessionRegistry;
import dev.hoshu.broker.locks.LockedSubject;
import dev.hoshu.broker.recording.RecordingUnavailableException;
import dev.hoshu.broker.recording.SessionRecording;
import dev.hoshu.broker.relay.EngineerChannel;
import dev.hoshu.broker.relay.SessionRelay;
import dev.hoshu.recording.RecordingHeader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannel;
import org.apache.sshd.client.future.OpenFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.channel.PtyChannelConfiguration;
import org.apache.sshd.common.channel.StreamingChannel;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One engineer command: policy check, recording opened (fail closed), exec channel on the device's
 * tunnel, then the relay. Nothing here blocks the SSH I/O threads: the device channel opens
 * asynchronously.
 */
final class ToolExec extends AsyncStreams {

    private static final Logger log = LoggerFactory.getLogger(ToolExec.class);

    private final String commandLine;
    private final SessionServices services;
    private SessionRelay relay;
    private boolean engineerGone;

    ToolExec(String commandLine, SessionServices services) {
        this.commandLine = commandLine;
        this.services = services;
    }

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
        EngineerLogin login = channel.getSession().getAttribute(EngineerLogin.KEY);
        Admission admission;
        try {
            admission = services.admission().admit(login, commandLine);
        } catch (CommandAdmission.Refused refused) {
            log.info("refused command on {} under grant {}: {}", login == null ? "?" : login.device(),
                    login == null ? "?" : login.grantId(), refused.getMessage());
            refuse(channel, refused.getMessage());
            return;
        }
        String sessionId = SessionRegistry.newSessionId();
        SessionRecording recording;
        try {
            recording = services.recordings().open(headerFor(sessionId, admission));
            recording.exec(admission.tool(), admission.args());
        } catch (IOException | RuntimeException e) {
            // The engineer learns why recording failed (a store's reason never holds a path); the log has the detail.
            log.warn("session {} refused: recording unavailable: {}", sessionId, e.toString());
            refuse(channel, "refused: recording unavailable: " + (e instanceof RecordingUnavailableException
                    ? e.getMessage() : "the recording could not be started") + "; no session can start (REQ-REC-2)");
            return;
        }
        String device = admission.grant().device();
        Optional<ClientSession> tunnel = services.tunnels().session(device);
        if (tunnel.isEmpty()) {
            closeQuietly(recording, "refused: device not connected");
            refuse(channel, "refused: device " + device + " is not connected");
            return;
        }
        try {
            services.audit().sessionStarts(sessionId, admission);
        } catch (AuditUnavailableException e) {
            closeQuietly(recording, "refused: audit log unavailable");
            refuse(channel, "refused: " + e.getMessage());
            return;
        }
        ChannelExec deviceChannel = null;
        try {
            byte[] invocation = new ToolInvocation(sessionId, admission.tool(), admission.args()).toJson();
            deviceChannel = tunnel.get().createExecChannel(invocation, new PtyChannelConfiguration(), Map.of());
            deviceChannel.setStreaming(StreamingChannel.Streaming.Async);
            if (EngineerTerminal.requested(env).isPresent()) {
                EngineerTerminal.request(sessionId, env, recording, deviceChannel);
            }
            ChannelExec opening = deviceChannel;
            deviceChannel.open().addListener(opened -> onDeviceChannel(opened, channel, opening, sessionId,
                    admission, recording));
        } catch (IOException | RuntimeException e) {
            if (deviceChannel != null) {
                deviceChannel.close(true);
            }
            log.warn("session {}: device channel to {} failed: {}", sessionId, device, e.toString());
            closeQuietly(recording, "refused: device channel failed");
            refuse(channel, "refused: device " + device + " did not open a session; try again, or ask the hospital "
                    + "whether the device is online");
        }
    }

    private void onDeviceChannel(OpenFuture opened, ChannelSession channel, ClientChannel deviceChannel,
                                 String sessionId, Admission admission, SessionRecording recording) {
        Grant grant = admission.grant();
        if (!opened.isOpened()) {
            Throwable why = opened.getException();
            deviceChannel.close(true);
            closeQuietly(recording, "refused: device channel failed");
            refuse(channel, "refused: device " + grant.device() + " did not open a session"
                    + (why == null ? "" : ": " + why.getMessage()));
            return;
        }
        LiveSession live = new LiveSession(sessionId, grant.id(), grant.engineer(), grant.company(), grant.hospital(),
                grant.device(), commandLine, Instant.now(services.clock()));
        AtomicReference<ScheduledFuture<?>> grantEndCut = new AtomicReference<>();
        SessionRelay started = new SessionRelay(sessionId, new EngineerChannel(in, out, err, exit), deviceChannel,
                recording, () -> {
                    services.registry().unregister(sessionId);
                    Optional.ofNullable(grantEndCut.get()).ifPresent(cut -> cut.cancel(false));
                });
        boolean gone;
        synchronized (this) {
            relay = started;
            gone = engineerGone;
        }
        services.registry().register(live, started);
        endIfLockedMeanwhile(live);
        log.info("session {} started: {} on {} under grant {} ({})", sessionId, admission.tool(), grant.device(),
                grant.id(), grant.engineer());
        // Set before the relay starts, so a session that ends at once still finds its timer to cancel.
        grantEndCut.set(cutAtGrantEnd(grant, live, started));
        started.start();
        if (gone) {
            started.engineerLeft();
        }
    }

    /**
     * A lock made between the admission check and the registration found nothing to end; this second look
     * closes that gap, so every lock ends every session it covers.
     */
    private void endIfLockedMeanwhile(LiveSession live) {
        services.locks().covering(LockedSubject.of(live)).ifPresent(lock ->
                services.registry().kill(live.id(), lock.reason() + " (lock " + lock.id() + ")", lock.by()));
    }

    /** A grant's end is a hard end (REQ-ACC-4): a session still running then is cut. */
    private ScheduledFuture<?> cutAtGrantEnd(Grant grant, LiveSession live, SessionRelay session) {
        long millis = Math.max(0, Duration.between(services.clock().instant(), grant.notAfter()).toMillis());
        String reason = "grant " + grant.id() + " ended at " + TokyoTime.format(grant.notAfter());
        return services.timer().schedule(() -> {
            services.audit().brokerKill(live, reason);
            session.kill("broker", reason);
        }, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void destroy(ChannelSession channel) {
        SessionRelay current;
        synchronized (this) {
            engineerGone = true;
            current = relay;
        }
        if (current != null) {
            current.engineerLeft();
        }
    }

    private RecordingHeader headerFor(String sessionId, Admission admission) {
        Grant grant = admission.grant();
        return new RecordingHeader(sessionId, grant.id(), grant.approvers(), grant.engineer(), grant.company(),
                grant.device(), grant.hospital(), services.nodeName(), admission.tool(), admission.args(),
                services.tunnels().clockOffsetMs(grant.device()).orElse(null), services.recordings().sealKeyId());
    }

    private void refuse(ChannelSession channel, String line) {
        services.audit().sessionRefused(channel.getSession().getAttribute(EngineerLogin.KEY), commandLine, line);
        RefusalCommand refusal = new RefusalCommand(line);
        refusal.setIoErrorStream(err);
        refusal.setExitCallback(exit);
        try {
            refusal.start(channel, null);
        } catch (IOException e) {
            exit.onExit(RefusalCommand.REFUSED_STATUS, line);
        }
    }

    private static void closeQuietly(SessionRecording recording, String how) {
        try {
            recording.close(how);
        } catch (IOException e) {
            log.warn("recording {} could not be sealed: {}", recording.sessionId(), e.getMessage());
        }
    }
}
