/**
 * Signed repair reports (REQ-WORK-2): built from a closed work order, its request, grant, device ledger entry and
 * recordings; kept as canonical JSON and a bilingual PDF with an embedded Japanese font, each with a detached
 * Ed25519 signature by the broker's report key ({@code pki/report-signing.key}); written once and served as written.
 */
package dev.hoshu.broker.report;
