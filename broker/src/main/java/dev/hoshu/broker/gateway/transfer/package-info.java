/**
 * What the gateway sees of a file transfer: it reads the SFTP packets passing between the engineer and the
 * device's transfer area (it never answers them itself) and turns each file into one line: path, size, SHA-256
 * of the bytes that passed, and the device's verdict.
 */
package dev.hoshu.broker.gateway.transfer;
