/**
 * Shipping the audit log to a hospital's SIEM as RFC 5424 syslog over TLS (RFC 5425, octet-counted frames). The
 * audit files themselves are the buffer: the forwarder reads them from the last position the SIEM is taken to have
 * received, kept on disk, so neither a SIEM outage nor a broker restart loses an event. ADR 24.
 */
package dev.hoshu.broker.siem;
