/**
 * Owns the session recordings on disk: one sealed, hash-chained JSON Lines file per session, made durable by a
 * group-commit writer before any byte is forwarded, and the index that recording search reads.
 */
package dev.hoshu.broker.recording;
