/** The {@code hoshu} commands for a hospital's devices: the ledger, join tokens for enrollment, decommissioning. */
package dev.hoshu.cli.devices;
