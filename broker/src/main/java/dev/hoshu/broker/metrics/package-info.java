/**
 * What the broker tells Prometheus: tunnels held and handshakes taken, live sessions, every audited act by
 * action and outcome (requests, approvals, cuts, locks, refusals). Names and labels carry no personal data and
 * no ids, only counts; the scrape endpoint answers only the networks {@code hoshu.metrics.scrape-from} names.
 */
package dev.hoshu.broker.metrics;
