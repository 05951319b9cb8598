/**
 * The test fault proxy: TCP proxies on loopback with Toxiproxy's faults (latency, bandwidth, timeout, reset_peer,
 * slicer, limit_data, cut), driven through the part of Toxiproxy's HTTP API that the toxiproxy-java client uses, so
 * the same tests run against a real Toxiproxy server when {@code TOXIPROXY_URL} names one. The only fault proxy of
 * the project: the broker's tests use it, and the end-to-end tests get it from the broker's test-jar.
 */
package dev.hoshu.broker.faults;
