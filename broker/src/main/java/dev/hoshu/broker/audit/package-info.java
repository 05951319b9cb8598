/**
 * The broker's audit trail: every administrative act, allowed or refused, written and fsynced to the day's
 * hash-chained file before it takes effect, and read back for auditors.
 */
package dev.hoshu.broker.audit;
