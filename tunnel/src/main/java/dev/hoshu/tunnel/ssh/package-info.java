/** MINA SSH sessions running over an already connected (TLS) Netty channel, with no listening socket. */
package dev.hoshu.tunnel.ssh;
