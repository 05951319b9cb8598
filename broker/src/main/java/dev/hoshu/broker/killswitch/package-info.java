/** Owns the list of sessions running on this broker node and the switch that ends them at once. */
package dev.hoshu.broker.killswitch;
