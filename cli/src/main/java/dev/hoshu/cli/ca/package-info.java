/** The {@code hoshu ca} commands for the platform operator: the device CA's status and its rotation. */
package dev.hoshu.cli.ca;
