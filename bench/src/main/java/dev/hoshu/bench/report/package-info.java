/** What a run leaves behind: the JSON result file, the printed table, and the entry appended to docs/benchmarks.md. */
package dev.hoshu.bench.report;
