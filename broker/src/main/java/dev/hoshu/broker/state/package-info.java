/** The broker's embedded state (requests, grants, devices, join tokens, locks) as atomically written JSON files. */
package dev.hoshu.broker.state;
