/** Cutting remote maintenance and lifting the cut: {@code hoshu lock}, {@code hoshu locks}, {@code hoshu unlock}. */
package dev.hoshu.cli.locks;
