package dev.hoshu.broker.gateway;

import dev.hoshu.access.Grant;
import dev.hoshu.broker.audit.AuditUnavailableException;
import dev.hoshu.broker.killswitch.DeviceStop;
import dev.hoshu.broker.killswitch.KillTarget;
import dev.hoshu.broker.killswitch.LiveSession;
import dev.hoshu.broker.killswitch.SessionRegistry;
import dev.hoshu.broker.killswitch.SessionState;
import dev.hoshu.broker.locks.LockedSubject;
import dev.hoshu.broker.observe.Presence;
import dev.hoshu.broker.peering.DeviceRoute;
import dev.hoshu.broker.peering.PeerUnreachableException;
import dev.hoshu.broker.recording.RecordingUnavailableException;
import dev.hoshu.broker.recording.SessionRecording;
import dev.hoshu.broker.relay.EngineerChannel;
import dev.hoshu.broker.relay.OrderedWriter;
import dev.hoshu.broker.relay.SessionRelay;
import dev.hoshu.broker.state.StateUnavailableException;
import dev.hoshu.recording.RecordingHeader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannel;
import org.apache.sshd.client.future.OpenFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.channel.PtyChannelConfiguration;
import org.apache.sshd.common.channel.StreamingChannel;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.channel.ChannelSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One engineer command: policy check, recording opened (fail closed), then — once a hospital observer watches, when
 * the grant requires one — the exec channel on the device's tunnel and the relay. The session is warned before its
 * grant ends and cut at the end. Nothing here blocks the SSH I/O threads: the device channel opens asynchronously.
 */
final class ToolExec extends AsyncStreams implements KillTarget, ObserverGate.Held {

    private static final Logger log = LoggerFactory.getLogger(ToolExec.class);
    // A closing notice must not hold up an exit when the engineer's window is full.
    private static final long NOTICE_WAIT_MILLIS = 500;

    private final String commandLine;
    private final SessionServices services;
    private final List<ScheduledFuture<?>> timers = new CopyOnWriteArrayList<>();
    private EngineerLogin login;
    /** The engineer's channel environment: terminal type, size and window changes for tools that need a terminal. */
    private Environment env;
    private Admission admission;
    private String sessionId;
    private SessionRecording recording;
    private ClientSession tunnel;
    private DeviceRoute route;
    private OrderedWriter engineerErr;
    private volatile LiveSession live;
    /** Null when the grant requires no observer. */
    private ObserverGate gate;
    // Guarded by this.
    private SessionRelay relay;
    private boolean engineerGone;
    private boolean toolStarting;
    private boolean held;
    private boolean ended;

    ToolExec(String commandLine, SessionServices services) {
        this.commandLine = commandLine;
        this.services = services;
    }

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
        this.env = env;
        login = channel.getSession().getAttribute(EngineerLogin.KEY);
        try {
            admission = services.admission().admit(login, commandLine);
        } catch (CommandAdmission.Refused refused) {
            log.atInfo().addKeyValue("grant", login == null ? "?" : login.grantId())
                    .log("refused command on {} under grant {}: {}", login == null ? "?" : login.device(),
                            login == null ? "?" : login.grantId(), refused.getMessage());
            refuse(channel, refused.getMessage());
            return;
        }
        sessionId = SessionRegistry.newSessionId();
        try {
            recording = services.recordings().open(headerFor(sessionId, admission));
        } catch (IOException | RuntimeException e) {
            // The engineer learns why recording failed (a store's reason never holds a path); the log has the detail.
            log.warn("session {} refused: recording unavailable: {}", sessionId, e.toString());
            refuse(channel, recordingUnavailable(e));
            return;
        }
        String device = admission.grant().device();
        Optional<DeviceRoute> deviceRoute;
        try {
            deviceRoute = services.routes().route(device);
        } catch (StateUnavailableException | PeerUnreachableException e) {
            String line = e instanceof StateUnavailableException away ? away.refusal() + " (the tunnel directory)"
                    : "refused: " + e.getMessage();
            closeQuietly(recording, "refused: device unreachable");
            refuse(channel, line);
            return;
        }
        if (deviceRoute.isEmpty()) {
            closeQuietly(recording, "refused: device not connected");
            refuse(channel, "refused: device " + device + " is not connected");
            return;
        }
        route = deviceRoute.get();
        tunnel = route.session();
        engineerErr = new OrderedWriter(err);
        if (admission.grant().observerRequired()) {
            awaitObserver();
        } else {
            startTool();
        }
    }

    /**
     * Four-eyes: the session is registered and watchable, the engineer told how an observer joins, and nothing
     * reaches the device until one does (the engineer's input waits in the SSH window).
     */
    private void awaitObserver() {
        live = newLiveSession();
        gate = new ObserverGate(this, services.timings().observerWait(), services.timer());
        services.registry().register(live, this);
        services.registry().held(sessionId, SessionState.WAITING);
        notice("hoshu: waiting for a hospital observer to join session " + sessionId + " (hoshu sessions join "
                + sessionId + ")");
        services.observers().watch(live, recording, gate);
        startTimers(live);
        gate.open();
        log.atInfo().addKeyValue("session", sessionId).addKeyValue("grant", admission.grant().id())
                .log("session {} waits for a hospital observer: {} on {} under grant {} ({})", sessionId,
                        admission.tool(), admission.grant().device(), admission.grant().id(), admission.grant().engineer());
        endIfLockedMeanwhile(live);
    }

    /** Audits the start, records the invocation and opens the device channel; the relay starts once it is open. */
    @Override
    public void startTool() {
        synchronized (this) {
            if (ended || engineerGone && gate != null) {
                return;
            }
            toolStarting = true;
        }
        try {
            services.audit().sessionStarts(sessionId, admission);
        } catch (AuditUnavailableException e) {
            failBeforeRelay("refused: " + e.getMessage(), "refused: audit log unavailable");
            return;
        }
        try {
            recording.exec(admission.tool(), admission.args());
        } catch (IOException | RuntimeException e) {
            log.warn("session {} refused: recording unavailable: {}", sessionId, e.toString());
            failBeforeRelay(recordingUnavailable(e), "refused: recording unavailable");
            return;
        }
        List<String> revoked;
        List<String> trustedKeys;
        try {
            revoked = services.toolTrust().revokedVersions(admission.tool());
            trustedKeys = services.toolTrust().trustedKeys(admission.grant().hospital()).orElse(null);
        } catch (RuntimeException e) {
            log.warn("session {} refused: tool catalog unreadable: {}", sessionId, e.toString());
            failBeforeRelay("refused: the tool catalog cannot be read, so revocations cannot be checked; try again "
                    + "later", "refused: tool catalog unavailable");
            return;
        }
        String device = admission.grant().device();
        ChannelExec deviceChannel = null;
        try {
            byte[] invocation = new ToolInvocation(sessionId, admission.tool(), admission.args(), revoked,
                    trustedKeys).toJson();
            deviceChannel = tunnel.createExecChannel(invocation, new PtyChannelConfiguration(), route.channelEnv());
            deviceChannel.setStreaming(StreamingChannel.Streaming.Async);
            if (EngineerTerminal.requested(env).isPresent()) {
                EngineerTerminal.request(sessionId, env, recording, deviceChannel);
            }
            ChannelExec opening = deviceChannel;
            deviceChannel.open().addListener(opened -> onDeviceChannel(opened, opening));
        } catch (IOException | RuntimeException e) {
            if (deviceChannel != null) {
                deviceChannel.close(true);
            }
            log.warn("session {}: device channel to {} failed: {}", sessionId, device, e.toString());
            failBeforeRelay("refused: device " + device + " did not open a session; try again, or ask the hospital "
                    + "whether the device is online", "refused: device channel failed");
        }
    }

    private void onDeviceChannel(OpenFuture opened, ClientChannel deviceChannel) {
        Grant grant = admission.grant();
        if (!opened.isOpened()) {
            Throwable why = opened.getException();
            deviceChannel.close(true);
            failBeforeRelay("refused: device " + grant.device() + " did not open a session"
                    + (why == null ? "" : ": " + why.getMessage()), "refused: device channel failed");
            return;
        }
        SessionRelay started = new SessionRelay(sessionId, new EngineerChannel(in, out, err, exit), engineerErr,
                deviceChannel, recording, this::relayEnded);
        boolean gone;
        boolean paused;
        synchronized (this) {
            if (ended) {
                // Cut while the channel was opening; the engineer has been told already.
                deviceChannel.close(false);
                return;
            }
            relay = started;
            gone = engineerGone;
            paused = held;
        }
        if (gate == null) {
            live = newLiveSession();
            services.registry().register(live, this);
            services.observers().watch(live, recording, Presence.INDIFFERENT);
            // Set before the relay starts, so a session that ends at once still finds its timers to cancel.
            startTimers(live);
            endIfLockedMeanwhile(live);
        } else if (!paused) {
            services.registry().held(sessionId, SessionState.LIVE);
        }
        log.atInfo().addKeyValue("session", sessionId).addKeyValue("grant", grant.id())
                .log("session {} started: {} on {} under grant {} ({})", sessionId, admission.tool(), grant.device(),
                        grant.id(), grant.engineer());
        if (paused) {
            started.pause();
        }
        started.start();
        if (gone) {
            started.engineerLeft();
        }
    }

    /**
     * A lock made between the admission check and the registration found nothing to end; this second look
     * closes that gap, so every lock ends every session it covers.
     */
    private void endIfLockedMeanwhile(LiveSession session) {
        try {
            services.locks().covering(LockedSubject.of(session)).ifPresent(lock ->
                    services.registry().kill(session.id(), lock.reason() + " (lock " + lock.id() + ")", lock.by()));
        } catch (StateUnavailableException away) {
            // Fail closed: a session whose locks cannot be read now does not start; its grant stays usable.
            end("broker", away.getMessage(), "ended: " + away.getMessage());
        }
    }

    /** A grant's end is a hard end (REQ-ACC-4): warned before, cut at the end. */
    private void startTimers(LiveSession session) {
        GrantEnd grantEnd = new GrantEnd(admission.grant(), services.timings().grantEndWarning());
        Instant now = services.clock().instant();
        if (grantEnd.warns(now)) {
            timers.add(services.timer().schedule(() -> notice(grantEnd.warning(services.clock().instant())),
                    grantEnd.untilWarning(now).toMillis(), TimeUnit.MILLISECONDS));
        }
        timers.add(services.timer().schedule(() -> {
            services.audit().brokerKill(session, grantEnd.cutReason());
            end("broker", grantEnd.cutReason(), grantEnd.cutNotice());
        }, grantEnd.untilCut(now).toMillis(), TimeUnit.MILLISECONDS));
    }

    @Override
    public void kill(String by, String reason) {
        end(by, reason, "killed by " + by + ": " + reason);
    }

    @Override
    public void end(String by, String reason, String how) {
        SessionRelay current;
        synchronized (this) {
            current = relay;
            if (current == null) {
                if (ended) {
                    return;
                }
                ended = true;
            }
        }
        if (current != null) {
            current.end(by, reason, how);
            return;
        }
        endBeforeRelay(by, reason, "hoshu: session " + sessionId + " " + how, SessionRelay.KILLED_STATUS, how);
    }

    @Override
    public void deviceStopped(DeviceStop stop) {
        SessionRelay current;
        synchronized (this) {
            current = relay;
        }
        if (current != null) {
            current.deviceStopped(stop);
        }
    }

    @Override
    public void pause(String reason) {
        SessionRelay current;
        synchronized (this) {
            held = true;
            current = relay;
        }
        if (current != null) {
            current.pause();
        }
        services.registry().held(sessionId, SessionState.PAUSED);
        try {
            recording.pause(reason);
        } catch (IOException e) {
            log.warn("session {}: pause could not be recorded: {}", sessionId, e.getMessage());
        }
        notice("hoshu: session " + sessionId + " paused: " + reason + "; it resumes when a hospital observer joins "
                + "(hoshu sessions join " + sessionId + ")");
        log.info("session {} paused: {}", sessionId, reason);
    }

    @Override
    public void resume(String reason) {
        SessionRelay current;
        synchronized (this) {
            held = false;
            current = relay;
        }
        try {
            recording.resume(reason);
        } catch (IOException e) {
            log.warn("session {}: resume could not be recorded: {}", sessionId, e.getMessage());
        }
        notice("hoshu: session " + sessionId + " resumed: " + reason);
        services.registry().held(sessionId, SessionState.LIVE);
        if (current != null) {
            current.resume();
        }
        log.info("session {} resumed: {}", sessionId, reason);
    }

    @Override
    public void giveUp(boolean started, String reason) {
        LiveSession session = live;
        if (session != null) {
            services.audit().brokerKill(session, reason);
        }
        if (started) {
            end("broker", reason, "ended: " + reason);
            return;
        }
        synchronized (this) {
            if (ended || relay != null) {
                return;
            }
            ended = true;
        }
        // The tool never ran, so this is a refusal (exit 1), not a cut.
        endBeforeRelay("broker", reason, "hoshu: session " + sessionId + " ended: " + reason,
                RefusalCommand.REFUSED_STATUS, "ended: " + reason);
    }

    @Override
    public void destroy(ChannelSession channel) {
        SessionRelay current;
        boolean waiting;
        synchronized (this) {
            engineerGone = true;
            current = relay;
            waiting = current == null && gate != null && !toolStarting && !ended;
            if (waiting) {
                ended = true;
            }
        }
        if (current != null) {
            current.engineerLeft();
        } else if (waiting) {
            stopBeforeRelay();
            closeQuietly(recording, "engineer disconnected");
        }
    }

    /** A line of the broker's on the engineer's stderr: recorded first, then forwarded (REQ-REC-2). */
    private void notice(String line) {
        recording.notice(line)
                .thenCompose(durable -> engineerErr.write((line + "\r\n").getBytes(StandardCharsets.UTF_8)))
                .whenComplete((ok, failure) -> {
                    if (failure != null) {
                        log.warn("session {}: notice not delivered: {}", sessionId, failure.toString());
                    }
                });
    }

    /** Ends a session whose tool has not started: recorded, the engineer told, the channel exited. */
    private void endBeforeRelay(String by, String reason, String line, int status, String how) {
        stopBeforeRelay();
        try {
            recording.kill(by, reason);
        } catch (IOException e) {
            log.warn("session {}: end could not be recorded: {}", sessionId, e.getMessage());
        }
        closeQuietly(recording, how);
        log.info("session {} {} before its tool started", sessionId, how);
        engineerErr.write((line + "\r\n").getBytes(StandardCharsets.UTF_8))
                .completeOnTimeout(null, NOTICE_WAIT_MILLIS, TimeUnit.MILLISECONDS)
                .whenComplete((ok, failure) -> exit.onExit(status, line));
    }

    /** A failure between registration (or admission) and the relay: one line, exit status 1. */
    private void failBeforeRelay(String line, String how) {
        synchronized (this) {
            ended = true;
        }
        stopBeforeRelay();
        closeQuietly(recording, how);
        services.audit().sessionRefused(login, commandLine, line);
        engineerErr.write((line + "\n").getBytes(StandardCharsets.UTF_8))
                .completeOnTimeout(null, NOTICE_WAIT_MILLIS, TimeUnit.MILLISECONDS)
                .whenComplete((ok, failure) -> exit.onExit(RefusalCommand.REFUSED_STATUS, line));
    }

    private void stopBeforeRelay() {
        if (gate != null) {
            gate.over();
        }
        timers.forEach(timer -> timer.cancel(false));
        services.registry().unregister(sessionId);
    }

    private void relayEnded() {
        services.registry().unregister(sessionId);
        timers.forEach(timer -> timer.cancel(false));
        if (gate != null) {
            gate.over();
        }
    }

    private LiveSession newLiveSession() {
        Grant grant = admission.grant();
        return new LiveSession(sessionId, grant.id(), grant.engineer(), grant.company(), grant.hospital(),
                grant.device(), commandLine, Instant.now(services.clock()));
    }

    private RecordingHeader headerFor(String id, Admission admitted) {
        Grant grant = admitted.grant();
        return new RecordingHeader(id, grant.id(), grant.approvers(), grant.engineer(), grant.company(),
                grant.device(), grant.hospital(), services.nodeName(), admitted.tool(), admitted.args(),
                services.tunnels().clockOffsetMs(grant.device()).orElse(null), services.recordings().sealKeyId());
    }

    private static String recordingUnavailable(Exception e) {
        return "refused: recording unavailable: " + (e instanceof RecordingUnavailableException
                ? e.getMessage() : "the recording could not be started") + "; no session can start (REQ-REC-2)";
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
