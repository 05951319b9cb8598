/**
 * End-to-end tests: the packaged broker, device agent and {@code hoshu} CLI run as real processes on
 * loopback, driven by the real OpenSSH client, as a field engineer, an approver and an auditor would.
 */
package dev.hoshu.e2e;
