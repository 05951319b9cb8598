/** The measurements: set-up latency, throughput, concurrent sessions and per-session broker memory, each taken with the real ssh client. */
package dev.hoshu.bench.measure;
