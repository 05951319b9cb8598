/**
 * Owns the broker's SSH client session inside each device tunnel, bound to the device's TLS identity, and the
 * rehearsal of those logins before the tunnel port opens.
 */
package dev.hoshu.broker.reversetunnel;
