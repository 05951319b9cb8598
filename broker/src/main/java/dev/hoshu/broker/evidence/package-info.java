/**
 * Evidence exports of one hospital for its own records and for reporting to authorities: the device ledger as CSV
 * and the incident timeline of one device or engineer, put together from the audit log and the recordings. Every
 * export is an audit event; nothing of another hospital is ever read into one.
 */
package dev.hoshu.broker.evidence;
