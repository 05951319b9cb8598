/**
 * The cut benchmark ({@code bin/bench cut|cut-quick}): how long hospital staff wait between their kill or lock call
 * and the engineer's connection closing, and the tool's process tree being gone on the device, with the agent's link
 * direct and with added latency. Owns the cut loop, its fresh grant per cut, the delayed link and the figures.
 */
package dev.hoshu.bench.cut;
