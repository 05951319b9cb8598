/** The benchmark's own maintenance tools (trivial, stream, hold), written as tool folders every path serves. */
package dev.hoshu.bench.tools;
