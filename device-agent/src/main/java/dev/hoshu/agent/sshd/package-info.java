/** The agent's SSH server: reachable only through the tunnel, only by the broker's pinned key, only for signed tools. */
package dev.hoshu.agent.sshd;
