/** {@code hoshu recordings}: checking a session recording's hash chain and seal. */
package dev.hoshu.cli.recordings;
