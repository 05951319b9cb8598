/** {@code hoshu audit}: reading a hospital's audit log from the broker, and checking an audit log file's chain. */
package dev.hoshu.cli.audit;
