/**
 * The broker's keys and certificates under {@code data/pki}: device CA, tunnel certificate, SSH user CA, the
 * broker's tunnel SSH key, the recording seal key; and device enrollment, which the device CA signs for.
 */
package dev.hoshu.broker.pki;
