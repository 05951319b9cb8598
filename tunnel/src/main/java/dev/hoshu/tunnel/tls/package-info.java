/**
 * TLS 1.3 for the tunnel port: BCJSSE contexts, the ALPN protocol both ends insist on, CA pinning, and the in-memory
 * handshake rehearsal a starting broker runs before the port opens.
 */
package dev.hoshu.tunnel.tls;
