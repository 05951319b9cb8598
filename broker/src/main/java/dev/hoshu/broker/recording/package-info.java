/** Owns the session recordings on disk: one sealed, hash-chained JSON Lines file per session. */
package dev.hoshu.broker.recording;
