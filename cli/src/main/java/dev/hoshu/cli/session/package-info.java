/** Watching and stopping live maintenance sessions: {@code hoshu sessions} and {@code hoshu kill}. */
package dev.hoshu.cli.session;
