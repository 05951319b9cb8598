package dev.hoshu.tunnel.enroll;

/** What the agent sends: the join token text, its CSR in PEM, and its version for the asset ledger. */
public record EnrollmentRequest(String token, String csr, String agentVersion) {
}
