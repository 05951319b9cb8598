/** Calls to the broker's HTTP API, turning every failure into one line a user can act on. */
package dev.hoshu.cli.http;
