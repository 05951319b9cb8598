package dev.hoshu.bench.measure;

/** The algorithms one path's client and server agreed on, so throughput differences can be read against them. */
public record Negotiated(String path, String kex, String hostKey, String cipher) {
}
