/** Owns the engineers' SSH entrance: grant-certificate login, one policy check per command, no shell. */
package dev.hoshu.broker.gateway;
