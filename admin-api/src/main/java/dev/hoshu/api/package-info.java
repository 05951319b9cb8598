/** The HTTP face of the broker: the {@code /api/v1} controllers and the wiring that assembles them. */
package dev.hoshu.api;
