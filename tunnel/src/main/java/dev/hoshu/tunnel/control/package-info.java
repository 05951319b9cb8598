/**
 * The control channel inside a tunnel: SSH global requests carrying one JSON object each way (inventory and
 * clock probe from the broker, certificate renewal from the agent), beside the sessions, never inside them.
 */
package dev.hoshu.tunnel.control;
