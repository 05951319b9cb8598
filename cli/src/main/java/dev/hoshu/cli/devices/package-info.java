/** The {@code hoshu} commands hospital admins use for their devices: join tokens for enrollment. */
package dev.hoshu.cli.devices;
