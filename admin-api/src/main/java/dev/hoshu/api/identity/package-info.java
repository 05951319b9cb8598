/** Turns a validated JWT into the {@link dev.hoshu.access.Actor} the services act for. */
package dev.hoshu.api.identity;
