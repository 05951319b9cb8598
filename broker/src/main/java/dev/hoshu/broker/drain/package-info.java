/**
 * Draining a broker node on shutdown: it stops admitting sessions and reports not ready, tells its agents to move
 * to another node, lets live sessions finish up to {@code hoshu.drain.timeout}, and ends the rest with the reason.
 */
package dev.hoshu.broker.drain;
