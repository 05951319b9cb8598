/** The audit log: administrative acts as hash-chained JSON Lines (the recordings' chain rule), its verifier, and its syslog form. */
package dev.hoshu.audit;
