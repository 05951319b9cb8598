/** The {@code hoshu} command line: its entry point, the context every subcommand runs in, and terminal-safe output. */
package dev.hoshu.cli;
