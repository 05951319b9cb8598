package dev.hoshu.broker.peering;

import dev.hoshu.broker.reversetunnel.DeviceTunnels;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ChannelSubsystem;
import org.apache.sshd.client.channel.ClientChannel;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.PtyChannelConfiguration;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.Signal;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On the node that holds a device's tunnel: one channel a peer node opened, relayed to the same kind of channel on
 * the device's tunnel session. The command (the tool invocation's JSON), the terminal, the environment (the file
 * transfer's context), window changes, signals, EOF and the exit status pass as they came; nothing is recorded here,
 * the engineer's node records. The device is named by the channel environment {@value #DEVICE_ENV}; a device whose
 * tunnel this node does not hold is refused with one line and exit status 1. The device's refusal of the tool and its
 * stop report, which come on the tunnel, not on the channel, go back to the peer through {@link RelayedReports}.
 */
final class PeerRelayCommand implements Command {

    /** The channel environment variable that names the device on the holding node. */
    static final String DEVICE_ENV = "HOSHU_PEER_DEVICE";
    static final String SFTP = "sftp";
    static final int REFUSED_STATUS = 1;
    private static final Logger log = LoggerFactory.getLogger(PeerRelayCommand.class);
    private static final int BUFFER = 32 * 1024;

    private final String command;
    private final DeviceTunnels tunnels;
    private final String nodeName;
    private final LongAdder relayed;
    private final RelayedReports reports;
    private final AtomicBoolean closed = new AtomicBoolean();
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;
    private volatile ClientChannel device;

    /** @param command the exec request's command, or null for the file-transfer subsystem */
    PeerRelayCommand(String command, DeviceTunnels tunnels, String nodeName, LongAdder relayed,
                     RelayedReports reports) {
        this.command = command;
        this.reports = reports;
        this.tunnels = tunnels;
        this.nodeName = nodeName;
        this.relayed = relayed;
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

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
        String peer = channel.getSession().getAttribute(PeerServer.PEER_NODE);
        Map<String, String> vars = new LinkedHashMap<>(env.getEnv());
        String deviceId = vars.remove(DEVICE_ENV);
        if (peer == null) {
            refuse("refused: node " + nodeName + " relays only for broker nodes of its fleet");
            return;
        }
        Optional<ClientSession> tunnel = deviceId == null ? Optional.empty() : tunnels.session(deviceId);
        if (tunnel.isEmpty()) {
            log.warn("peer node {} asked for device {}, whose tunnel this node does not hold", peer, deviceId);
            refuse("refused: node " + nodeName + " holds no tunnel of device " + (deviceId == null ? "(none named)"
                    : deviceId));
            return;
        }
        // Before the device channel opens: a device may refuse the tool, and report it, as soon as it opens.
        reports.relaying(deviceId, channel.getSession());
        try {
            device = command == null ? subsystem(tunnel.get(), vars) : exec(tunnel.get(), env, vars);
            device.open().verify(PeerLinks.OPEN_TIMEOUT.toMillis());
        } catch (IOException | RuntimeException e) {
            log.warn("peer node {}: device channel to {} failed: {}", peer, deviceId, e.toString());
            if (device != null) {
                device.close(true);
            }
            refuse("refused: device " + deviceId + " did not open a session on node " + nodeName);
            return;
        }
        relayed.increment();
        log.info("relaying a {} channel of device {} for node {}", command == null ? "file transfer" : "tool",
                deviceId, peer);
        if (command != null && env.getEnv().get(Environment.ENV_TERM) != null) {
            env.addSignalListener((c, signal) -> forward(env, signal), Signal.WINCH, Signal.INT, Signal.TERM);
        }
        ClientChannel opened = device;
        Thread input = pump("in", in, opened.getInvertedIn(), true);
        Thread output = pump("out", opened.getInvertedOut(), out, false);
        Thread errors = pump("err", opened.getInvertedErr(), err, false);
        daemon("hoshu-peer-exit", () -> {
            opened.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), 0L);
            join(output);
            join(errors);
            input.interrupt();
            Integer status = opened.getExitStatus();
            exit.onExit(status != null ? status : 255);
        });
    }

    private ClientChannel exec(ClientSession tunnel, Environment env, Map<String, String> vars) throws IOException {
        PtyChannelConfiguration pty = new PtyChannelConfiguration();
        String term = vars.remove(Environment.ENV_TERM);
        String columns = vars.remove(Environment.ENV_COLUMNS);
        String lines = vars.remove(Environment.ENV_LINES);
        ChannelExec exec = tunnel.createExecChannel(command.getBytes(StandardCharsets.UTF_8), pty, vars);
        if (term != null) {
            exec.setUsePty(true);
            exec.setPtyType(term);
            exec.setPtyColumns(number(columns, 80));
            exec.setPtyLines(number(lines, 24));
            exec.setPtyModes(env.getPtyModes());
        }
        return exec;
    }

    private static ClientChannel subsystem(ClientSession tunnel, Map<String, String> vars) throws IOException {
        ChannelSubsystem sftp = new ChannelSubsystem(SFTP);
        vars.forEach(sftp::setEnv);
        tunnel.getService(ConnectionService.class).registerChannel(sftp);
        return sftp;
    }

    private void forward(Environment env, Signal signal) {
        ClientChannel current = device;
        if (!(current instanceof ChannelExec exec) || !exec.isOpen()) {
            return;
        }
        try {
            if (signal == Signal.WINCH) {
                exec.sendWindowChange(number(env.getEnv().get(Environment.ENV_COLUMNS), 80),
                        number(env.getEnv().get(Environment.ENV_LINES), 24));
            } else {
                // RFC 4254 section 6.9; MINA's client channel has no call for it.
                Buffer request = exec.getSession().createBuffer(SshConstants.SSH_MSG_CHANNEL_REQUEST, 32);
                request.putUInt(exec.getRecipient());
                request.putString("signal");
                request.putBoolean(false);
                request.putString(signal.name());
                exec.writePacket(request);
            }
        } catch (IOException e) {
            log.info("terminal request not relayed to the device: {}", e.toString());
        }
    }

    private Thread pump(String name, InputStream from, OutputStream to, boolean closeAtEnd) {
        return daemon("hoshu-peer-" + name, () -> {
            byte[] buffer = new byte[BUFFER];
            try {
                for (int n = from.read(buffer); n >= 0; n = from.read(buffer)) {
                    to.write(buffer, 0, n);
                    to.flush();
                }
            } catch (IOException e) {
                log.debug("peer relay {} stream ended: {}", name, e.toString());
            } finally {
                if (closeAtEnd) {
                    try {
                        to.close();
                    } catch (IOException e) {
                        log.debug("peer relay {} stream not closed: {}", name, e.toString());
                    }
                }
            }
        });
    }

    private void refuse(String line) throws IOException {
        err.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        err.flush();
        exit.onExit(REFUSED_STATUS, line);
    }

    /** The peer closed the channel (a kill, the engineer gone): the device channel closes, the agent stops the tool. */
    @Override
    public void destroy(ChannelSession channel) {
        ClientChannel current = device;
        if (current != null && closed.compareAndSet(false, true)) {
            current.close(false);
        }
    }

    private static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int number(String value, int fallback) {
        try {
            int n = value == null ? 0 : Integer.parseInt(value);
            return n > 0 && n <= 10_000 ? n : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
