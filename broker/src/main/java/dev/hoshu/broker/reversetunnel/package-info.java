/** Owns the broker's SSH client session inside each device tunnel, bound to the device's TLS identity. */
package dev.hoshu.broker.reversetunnel;
