/** Owns the byte path between the engineer's channel and the device's channel: record, then forward. */
package dev.hoshu.broker.relay;
