package dev.hoshu.tunnel;

/** One broker node's tunnel port, as the agent dials it. */
public record BrokerEndpoint(String host, int port) {

    public BrokerEndpoint {
        if (host == null || host.isBlank() || port <= 0 || port > 65535) {
            throw new IllegalArgumentException("a broker endpoint is host:port");
        }
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
