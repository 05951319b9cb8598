/** {@code hoshu recordings}: verifying, searching, replaying, exporting and bundling session recordings. */
package dev.hoshu.cli.recordings;
