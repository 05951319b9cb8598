/**
 * The tool catalog: which signed tool versions manufacturers published, and which are revoked. The gateway asks
 * it at every session and sends the revoked versions of the tool with the invocation, so the device refuses
 * them (ADR 0020).
 */
package dev.hoshu.broker.catalog;
