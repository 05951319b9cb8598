/** The {@code bin/bench} command: runs a benchmark plan against direct OpenSSH, a ProxyJump bastion and Hoshu, and reports. */
package dev.hoshu.bench;
