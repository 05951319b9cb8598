/**
 * Telling people outside the broker that something about access happened: requests made, approved,
 * denied, expired or revoked, emergency sessions opened. Owns the notices and their delivery.
 */
package dev.hoshu.broker.notify;
