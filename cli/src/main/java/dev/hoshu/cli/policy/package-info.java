/** {@code hoshu policy}: check a hospital policy document offline, show the one in force, apply a new version. */
package dev.hoshu.cli.policy;
