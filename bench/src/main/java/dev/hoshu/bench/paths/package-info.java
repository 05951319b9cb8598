/** The three ways to reach the device that the harness compares (direct, ProxyJump, Hoshu), all driven by the same OpenSSH client. */
package dev.hoshu.bench.paths;
