/** Enrollment: one-time join tokens and the single request/response exchange that turns a CSR into a device certificate. */
package dev.hoshu.tunnel.enroll;
