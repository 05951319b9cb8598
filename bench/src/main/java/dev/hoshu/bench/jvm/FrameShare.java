package dev.hoshu.bench.jvm;

/** One method (or package) and the share of execution samples whose top frame it was. */
public record FrameShare(String name, long samples, double percent) {
}
