/** A Hoshu broker and agent for the benchmark, started through bin/quickstart, and the grant the benchmark's sessions run under. */
package dev.hoshu.bench.hoshu;
