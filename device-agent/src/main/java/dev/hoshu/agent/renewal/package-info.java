/** Keeps the device certificate short-lived: renews it over the tunnel at half its life, without a new tunnel. */
package dev.hoshu.agent.renewal;
