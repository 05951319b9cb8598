/** TLS 1.3 for the tunnel port: BCJSSE contexts, the ALPN protocol both ends insist on, and CA pinning. */
package dev.hoshu.tunnel.tls;
