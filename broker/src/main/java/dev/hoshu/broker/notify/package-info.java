/**
 * Telling people outside the broker that something about access happened: requests made, approved,
 * denied, expired or revoked, emergency sessions opened; and every cut of remote maintenance: sessions killed, locks
 * stood and lifted, devices confirming a stop or switched off on site. Owns the notices and their delivery.
 */
package dev.hoshu.broker.notify;
