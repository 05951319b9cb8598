/**
 * {@code bin/bench tunnels}: device tunnels at scale. A load process of simulated agents, each running the real
 * agent's enrollment, TLS 1.3 tunnel client (mutual authentication, ALPN, backoff with full jitter) and SSH server
 * with its inventory answer, from several loopback source addresses, against one quickstart broker: idle tunnels
 * held and the broker heap each costs, full handshakes per second, and the reconnect storm after a broker restart.
 */
package dev.hoshu.bench.tunnels;
