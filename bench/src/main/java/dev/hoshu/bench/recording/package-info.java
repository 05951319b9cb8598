/**
 * Owns {@code bin/bench recording}: throughput and keystroke echo latency through Hoshu with recording on and with
 * the benchmark-only recording-off switch, and the group commit's fsync batching read from the broker's log.
 */
package dev.hoshu.bench.recording;
