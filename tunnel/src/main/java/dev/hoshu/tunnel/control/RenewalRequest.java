package dev.hoshu.tunnel.control;

/**
 * The agent's renewal request: a PEM CSR signed by the device key the tunnel was opened with, and the serial
 * (lower-case hex) of the certificate it holds now, which may be newer than the one that opened a long-lived
 * tunnel; the broker keeps that one valid beside the new one, in case its answer gets lost.
 */
public record RenewalRequest(String csr, String heldSerial) {
}
