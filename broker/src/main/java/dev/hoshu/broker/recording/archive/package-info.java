/**
 * Owns where recordings are kept once no session writes them any more: the store they are read from (the local
 * folder or an S3-compatible bucket, behind one {@link dev.hoshu.broker.recording.archive.RecordingArchive}
 * interface), their upload from the local disk with the SHA-256 checked, the retention sweep, and the immutable
 * copy that no sweep deletes. Live recordings are always written on local disk first (group commit): no byte is
 * forwarded before it is stored there.
 */
package dev.hoshu.broker.recording.archive;
