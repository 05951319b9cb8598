/**
 * {@code hoshu contracts}: maintenance contracts (a hospital admin registers the hospital's own) and tool contracts
 * (the operator records a manufacturer's consent), the two things a request's contract rule looks for.
 */
package dev.hoshu.cli.contracts;
