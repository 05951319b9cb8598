/** The SHA-256 line chain that recordings and the audit log share: line bodies, chain hashes, and a strict line reader. */
package dev.hoshu.chain;
