/**
 * The repair report as the hospital keeps it: its canonical JSON form, the forms of repair a work order is closed
 * with, and the detached Ed25519 signature that lets anyone with the broker's published report key check, offline,
 * that a report file is byte for byte the one the broker issued.
 */
package dev.hoshu.report;
