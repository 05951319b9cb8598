package dev.hoshu.broker.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One named proxy: listens on a loopback port, connects each client to the upstream, and applies its toxics.
 * Disabling it closes the listener and every connection (a cut); enabling it listens on the same port again.
 */
final class TcpProxy implements AutoCloseable {

    private static final ScheduledExecutorService TIMERS = Executors.newScheduledThreadPool(1, task -> {
        Thread thread = new Thread(task, "fault-proxy-timer");
        thread.setDaemon(true);
        return thread;
    });

    private final String name;
    private final InetSocketAddress upstream;
    private final Map<String, Toxic> toxics = new LinkedHashMap<>();
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private InetSocketAddress listen;
    private ServerSocket listener;

    TcpProxy(String name, String listen, String upstream) {
        this.name = name;
        this.listen = loopback(listen);
        this.upstream = loopback(upstream);
    }

    /** Only loopback: the proxy never reaches or offers anything beyond this machine. */
    static InetSocketAddress loopback(String hostPort) {
        int colon = hostPort == null ? -1 : hostPort.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("address must be host:port, not " + hostPort);
        }
        String host = hostPort.substring(0, colon);
        int port = Integer.parseInt(hostPort.substring(colon + 1));
        try {
            InetAddress address = InetAddress.getByName(host.isEmpty() ? "127.0.0.1" : host);
            if (!address.isLoopbackAddress()) {
                throw new IllegalArgumentException("the fault proxy serves loopback only, not " + host);
            }
            return new InetSocketAddress(address, port);
        } catch (IOException e) {
            throw new IllegalArgumentException("unknown host " + host);
        }
    }

    synchronized void enable() {
        if (listener != null) {
            return;
        }
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(listen);
            listen = new InetSocketAddress(listen.getAddress(), socket.getLocalPort());
            listener = socket;
        } catch (IOException e) {
            throw new UncheckedIOException("proxy " + name + " cannot listen on " + listen, e);
        }
        ServerSocket accepting = listener;
        Thread acceptor = new Thread(() -> accept(accepting), "fault-proxy-" + name);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    synchronized void disable() {
        if (listener != null) {
            try {
                listener.close();
            } catch (IOException e) {
                // Closed is what we want.
            }
            listener = null;
        }
        links.forEach(Link::close);
        links.clear();
    }

    synchronized boolean enabled() {
        return listener != null;
    }

    private void accept(ServerSocket accepting) {
        while (!accepting.isClosed()) {
            try {
                Socket client = accepting.accept();
                Socket server = new Socket();
                try {
                    server.connect(upstream, 5000);
                } catch (IOException e) {
                    client.close();
                    continue;
                }
                Link link = new Link(client, server, this::toxicsOf);
                links.add(link);
                link.start("fault-proxy-" + name);
                connectionToxics(link);
            } catch (IOException e) {
                // The listener was closed: the proxy is disabled.
            }
        }
    }

    private synchronized List<Toxic> toxicsOf(String stream) {
        return toxics.values().stream().filter(t -> t.stream().equals(stream)).toList();
    }

    /** timeout and reset_peer end connections after a delay whether or not data flows. */
    private void connectionToxics(Link link) {
        toxics().forEach(toxic -> scheduleEnd(link, toxic));
        links.removeIf(Link::isClosed);
    }

    private static void scheduleEnd(Link link, Toxic toxic) {
        long after = toxic.attribute("timeout");
        if ("reset_peer".equals(toxic.type())) {
            TIMERS.schedule(link::reset, after, TimeUnit.MILLISECONDS);
        } else if ("timeout".equals(toxic.type()) && after > 0) {
            TIMERS.schedule(link::close, after, TimeUnit.MILLISECONDS);
        }
    }

    synchronized Toxic addToxic(Toxic toxic) {
        if (toxics.containsKey(toxic.name())) {
            throw new IllegalStateException("toxic already exists");
        }
        toxics.put(toxic.name(), toxic);
        links.forEach(link -> scheduleEnd(link, toxic));
        return toxic;
    }

    synchronized Optional<Toxic> toxic(String toxicName) {
        return Optional.ofNullable(toxics.get(toxicName));
    }

    synchronized Optional<Toxic> updateToxic(String toxicName, Map<String, Long> attributes, Double toxicity) {
        Toxic current = toxics.get(toxicName);
        if (current == null) {
            return Optional.empty();
        }
        Toxic changed = current.withAttributes(attributes, toxicity);
        toxics.put(toxicName, changed);
        return Optional.of(changed);
    }

    synchronized boolean removeToxic(String toxicName) {
        return toxics.remove(toxicName) != null;
    }

    synchronized List<Toxic> toxics() {
        return List.copyOf(toxics.values());
    }

    synchronized void removeAllToxics() {
        toxics.clear();
    }

    /** The JSON Toxiproxy answers with. */
    synchronized Map<String, Object> json() {
        return Map.of("name", name, "listen", listen.getAddress().getHostAddress() + ":" + listen.getPort(),
                "upstream", upstream.getAddress().getHostAddress() + ":" + upstream.getPort(),
                "enabled", listener != null, "toxics", toxics.values().stream().map(Toxic::json).toList());
    }

    @Override
    public void close() {
        disable();
    }
}
