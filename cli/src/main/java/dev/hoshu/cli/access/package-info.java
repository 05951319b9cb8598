/** Asking for, approving and using access to a device: requests, approvals and the {@code ssh} hand-off. */
package dev.hoshu.cli.access;
