package dev.hoshu.broker;

import dev.hoshu.broker.gateway.SshGateway;
import dev.hoshu.tunnel.TunnelServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;

/**
 * Opens the tunnel and SSH listeners this node's roles ask for once everything is wired, closes them on
 * shutdown, and says in one line where the broker listens.
 */
public class BrokerListeners implements SmartLifecycle, ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(BrokerListeners.class);

    private final HoshuProperties hoshu;
    private final TunnelServer tunnelServer;
    private final SshGateway gateway;
    private volatile boolean running;
    private volatile InetSocketAddress tunnelAddress;
    private volatile InetSocketAddress sshAddress;

    public BrokerListeners(HoshuProperties hoshu, TunnelServer tunnelServer, SshGateway gateway) {
        this.hoshu = hoshu;
        this.tunnelServer = tunnelServer;
        this.gateway = gateway;
    }

    @Override
    public synchronized void start() {
        if (hoshu.runs("tunnel")) {
            tunnelAddress = tunnelServer.start();
        }
        if (hoshu.runs("ssh")) {
            sshAddress = gateway.start();
        }
        running = true;
    }

    @Override
    public synchronized void stop() {
        running = false;
        // Engineers' sessions end first (they are recorded and told why), then the tunnels under them.
        try {
            gateway.close();
        } catch (IOException | RuntimeException e) {
            log.warn("SSH gateway did not close cleanly: {}", e.toString());
        }
        try {
            tunnelServer.close();
        } catch (RuntimeException e) {
            log.warn("tunnel server did not close cleanly: {}", e.toString());
        }
    }

    /** Where agents reach this node (the real port when 0 was configured); empty without the tunnel role. */
    public Optional<InetSocketAddress> tunnelAddress() {
        return Optional.ofNullable(tunnelAddress);
    }

    /** Where engineers reach this node; empty without the ssh role. */
    public Optional<InetSocketAddress> sshAddress() {
        return Optional.ofNullable(sshAddress);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        String http = event.getApplicationContext() instanceof WebServerApplicationContext web
                && web.getWebServer() != null ? "port " + web.getWebServer().getPort() : "off";
        log.info("hoshu broker {} up: tunnel {}, ssh {}, http {}, data {}", hoshu.nodeName(), show(tunnelAddress),
                show(sshAddress), http, hoshu.dataDir().toAbsolutePath().normalize());
    }

    private static String show(InetSocketAddress address) {
        return address == null ? "off" : address.getHostString() + ":" + address.getPort();
    }
}
