package dev.hoshu.api.service;

/** The public key that signs repair reports: its key id (as in each report and signature) and PEM. */
public record ReportKey(String id, String publicKeyPem) {
}
