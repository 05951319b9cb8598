/** Throw-away OpenSSH servers on loopback (the device and the ProxyJump bastion), each with its own config, keys and pid file. */
package dev.hoshu.bench.openssh;
