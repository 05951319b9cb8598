/**
 * Owns the hospital observers of this node's live sessions: who watches which session, the live view each of them
 * reads (the session's recording events as they become durable), and telling a session when its observers come
 * and go, so the four-eyes rule can hold or release it.
 */
package dev.hoshu.broker.observe;
