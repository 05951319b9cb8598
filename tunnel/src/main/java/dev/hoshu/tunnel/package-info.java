/** The agent–broker tunnel: the broker's TLS server that routes tunnels and enrollments, and the agent's redialing client. */
package dev.hoshu.tunnel;
