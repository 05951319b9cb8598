/**
 * The broker's keys and certificates under {@code data/pki}: device CA, tunnel certificate, SSH user CA, the
 * broker's tunnel SSH key, the recording seal key; and device enrollment, which the device CA signs for. The
 * device CA's rotation (prepare, switch, finish) lives here too, as files, so that a restart resumes it.
 */
package dev.hoshu.broker.pki;
