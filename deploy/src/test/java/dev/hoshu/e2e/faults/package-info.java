/**
 * The test fault proxy: TCP proxies on loopback with Toxiproxy's faults (latency, bandwidth, timeout, reset_peer,
 * slicer, limit_data, cut), driven through the part of Toxiproxy's HTTP API that the toxiproxy-java client uses, so
 * the same tests run against a real Toxiproxy server when {@code TOXIPROXY_URL} names one.
 */
package dev.hoshu.e2e.faults;
