package dev.hoshu.broker.faults;

import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.net.URI;

/**
 * The toxiproxy-java client the tests inject faults with: against the real Toxiproxy server named by
 * {@code TOXIPROXY_URL} when there is one, else against this project's fault proxy, started here.
 */
public final class Faults implements AutoCloseable {

    private final FaultProxy embedded;
    private final ToxiproxyClient client;

    private Faults(FaultProxy embedded, ToxiproxyClient client) {
        this.embedded = embedded;
        this.client = client;
    }

    public static Faults start() {
        String url = System.getenv("TOXIPROXY_URL");
        if (url != null && !url.isBlank()) {
            URI uri = URI.create(url);
            return new Faults(null, new ToxiproxyClient(uri.getHost(), uri.getPort()));
        }
        FaultProxy proxy = FaultProxy.start();
        return new Faults(proxy, new ToxiproxyClient(proxy.host(), proxy.port()));
    }

    public ToxiproxyClient client() {
        return client;
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
