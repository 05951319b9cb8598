package dev.hoshu.broker.gateway;

import dev.hoshu.access.Grant;
import dev.hoshu.access.TokyoTime;
import dev.hoshu.broker.audit.AuditUnavailableException;
import dev.hoshu.broker.gateway.transfer.SerialOutput;
import dev.hoshu.broker.gateway.transfer.SftpTap;
import dev.hoshu.broker.gateway.transfer.TappedOutput;
import dev.hoshu.broker.gateway.transfer.TransferredFile;
import dev.hoshu.broker.killswitch.LiveSession;
import dev.hoshu.broker.killswitch.SessionRegistry;
import dev.hoshu.broker.locks.LockedSubject;
import dev.hoshu.broker.peering.DeviceRoute;
import dev.hoshu.broker.peering.PeerUnreachableException;
import dev.hoshu.broker.recording.SessionRecording;
import dev.hoshu.broker.relay.EngineerChannel;
import dev.hoshu.broker.relay.SessionRelay;
import dev.hoshu.broker.state.StateUnavailableException;
import dev.hoshu.recording.RecordingHeader;
import dev.hoshu.tunnel.control.TransferContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.channel.ChannelSubsystem;
import org.apache.sshd.common.channel.StreamingChannel;
import org.apache.sshd.common.io.IoOutputStream;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.channel.ChannelSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One engineer's {@code sftp} (or modern {@code scp}) session: the grant checked as for a tool, a recording
 * opened (fail closed), the device's {@code sftp} subsystem opened through the tunnel with the grant's context,
 * then the same relay as a tool's: every byte recorded before it is forwarded, kill switch and grant end
 * included. Beside it a tap follows the SFTP packets and writes one {@code file} event and one
 * {@code session.transfer} audit event per file; the device alone decides what may pass (ADR 0015).
 */
final class FileTransfer extends AsyncStreams {

    private static final Logger log = LoggerFactory.getLogger(FileTransfer.class);

    private final SessionServices services;
    private SessionRelay relay;
    private boolean engineerGone;

    FileTransfer(SessionServices services) {
        this.services = services;
    }

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
        EngineerLogin login = channel.getSession().getAttribute(EngineerLogin.KEY);
        Admission admission;
        try {
            admission = services.admission().admitTransfer(login);
        } catch (CommandAdmission.Refused refused) {
            refuse(channel, refused.getMessage());
            return;
        }
        String sessionId = SessionRegistry.newSessionId();
        Grant grant = admission.grant();
        Map<String, List<String>> revoked = new LinkedHashMap<>();
        List<String> trustedKeys;
        try {
            // As for a run (ADR 0020): the device closes the folders of a revoked or untrusted tool.
            grant.tools().forEach(tool -> revoked.put(tool, services.toolTrust().revokedVersions(tool)));
            trustedKeys = services.toolTrust().trustedKeys(grant.hospital()).orElse(null);
        } catch (RuntimeException e) {
            log.warn("transfer {} refused: tool catalog unreadable: {}", sessionId, e.toString());
            refuse(channel, "refused: the tool catalog cannot be read, so revocations cannot be checked; try again "
                    + "later");
            return;
        }
        SessionRecording recording;
        try {
            recording = services.recordings().open(new RecordingHeader(sessionId, grant.id(), grant.approvers(),
                    grant.engineer(), grant.company(), grant.device(), grant.hospital(), services.nodeName(),
                    admission.tool(), admission.args(), services.tunnels().clockOffsetMs(grant.device()).orElse(null),
                    services.recordings().sealKeyId()));
            recording.exec(admission.tool(), admission.args());
        } catch (IOException | RuntimeException e) {
            log.warn("transfer {} refused: recording unavailable: {}", sessionId, e.toString());
            refuse(channel, "refused: recording unavailable; no file transfer can start (REQ-REC-2)");
            return;
        }
        Optional<DeviceRoute> tunnel;
        try {
            tunnel = services.routes().route(grant.device());
        } catch (StateUnavailableException | PeerUnreachableException e) {
            closeQuietly(recording, "refused: device unreachable");
            refuse(channel, e instanceof StateUnavailableException away ? away.refusal() + " (the tunnel directory)"
                    : "refused: " + e.getMessage());
            return;
        }
        if (tunnel.isEmpty()) {
            closeQuietly(recording, "refused: device not connected");
            refuse(channel, "refused: device " + grant.device() + " is not connected");
            return;
        }
        try {
            services.audit().sessionStarts(sessionId, admission);
        } catch (AuditUnavailableException e) {
            closeQuietly(recording, "refused: audit log unavailable");
            refuse(channel, "refused: " + e.getMessage());
            return;
        }
        LiveSession live = new LiveSession(sessionId, grant.id(), grant.engineer(), grant.company(), grant.hospital(),
                grant.device(), admission.tool(), Instant.now(services.clock()));
        SerialOutput engineerErr = new SerialOutput(err);
        AtomicReference<SessionRelay> started = new AtomicReference<>();
        SftpTap tap = new SftpTap(file -> recordFile(live, recording, file, started),
                line -> engineerErr.writeBuffer(new ByteArrayBuffer((line + "\n").getBytes(StandardCharsets.UTF_8))));
        ChannelSubsystem deviceChannel = new TappedSubsystem(tap);
        try {
            deviceChannel.setEnv(TransferContext.ENV, new TransferContext(sessionId, grant.tools(),
                    grant.patientData(), revoked, trustedKeys).toJson());
            tunnel.get().channelEnv().forEach(deviceChannel::setEnv);
            tunnel.get().session().getService(org.apache.sshd.common.session.ConnectionService.class)
                    .registerChannel(deviceChannel);
            deviceChannel.setStreaming(StreamingChannel.Streaming.Async);
            deviceChannel.open().addListener(opened -> {
                if (!opened.isOpened()) {
                    deviceChannel.close(true);
                    closeQuietly(recording, "refused: device channel failed");
                    refuse(channel, "refused: device " + grant.device() + " did not open a file transfer");
                    return;
                }
                relay(live, grant, recording, deviceChannel, new TappedOutput(out, tap::fromDevice), engineerErr,
                        started);
            });
        } catch (IOException | RuntimeException e) {
            deviceChannel.close(true);
            log.warn("transfer {}: device channel to {} failed: {}", sessionId, grant.device(), e.toString());
            closeQuietly(recording, "refused: device channel failed");
            refuse(channel, "refused: device " + grant.device() + " did not open a file transfer; try again");
        }
    }

    private void relay(LiveSession live, Grant grant, SessionRecording recording, ChannelSubsystem deviceChannel,
                       IoOutputStream engineerOut, IoOutputStream engineerErr,
                       AtomicReference<SessionRelay> startedRelay) {
        AtomicReference<ScheduledFuture<?>> grantEndCut = new AtomicReference<>();
        SessionRelay started = new SessionRelay(live.id(), new EngineerChannel(in, engineerOut, engineerErr, exit),
                deviceChannel, recording, () -> {
                    services.registry().unregister(live.id());
                    Optional.ofNullable(grantEndCut.get()).ifPresent(cut -> cut.cancel(false));
                });
        startedRelay.set(started);
        boolean gone;
        synchronized (this) {
            relay = started;
            gone = engineerGone;
        }
        services.registry().register(live, started);
        services.locks().covering(LockedSubject.of(live)).ifPresent(lock ->
                services.registry().kill(live.id(), lock.reason() + " (lock " + lock.id() + ")", lock.by()));
        long millis = Math.max(0, Duration.between(services.clock().instant(), grant.notAfter()).toMillis());
        String reason = "grant " + grant.id() + " ended at " + TokyoTime.format(grant.notAfter());
        grantEndCut.set(services.timer().schedule(() -> {
            services.audit().brokerKill(live, reason);
            started.kill("broker", reason);
        }, millis, TimeUnit.MILLISECONDS));
        log.atInfo().addKeyValue("session", live.id()).addKeyValue("grant", grant.id())
                .log("transfer {} started on {} under grant {} ({})", live.id(), grant.device(), grant.id(),
                        grant.engineer());
        started.start();
        if (gone) {
            started.engineerLeft();
        }
    }

    /** A file the recording cannot hold ends the session: what passed could no longer be vouched for. */
    private void recordFile(LiveSession live, SessionRecording recording, TransferredFile file,
                            AtomicReference<SessionRelay> relay) {
        recording.file(file.op(), file.path(), file.size(), file.sha256(), file.result()).whenComplete((ok, failure) -> {
            if (failure != null && relay.get() != null) {
                log.warn("transfer {}: file event not recorded: {}", live.id(), failure.toString());
                relay.get().kill("broker", "recording failed");
            }
        });
        services.audit().transfer(live, file);
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

    private void refuse(ChannelSession channel, String line) {
        EngineerLogin login = channel.getSession().getAttribute(EngineerLogin.KEY);
        log.info("file transfer refused on {}: {}", login == null ? "?" : login.device(), line);
        services.audit().sessionRefused(login, CommandAdmission.TRANSFER, line);
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

    /** The device's sftp channel; what the engineer sends it passes the tap first. */
    private static final class TappedSubsystem extends ChannelSubsystem {
        private final SftpTap tap;
        private IoOutputStream tapped;

        TappedSubsystem(SftpTap tap) {
            super(FileTransferFactory.SFTP);
            this.tap = tap;
        }

        @Override
        public synchronized IoOutputStream getAsyncIn() {
            IoOutputStream raw = super.getAsyncIn();
            if (tapped == null && raw != null) {
                tapped = new TappedOutput(raw, tap::fromEngineer);
            }
            return raw == null ? null : tapped;
        }
    }
}
