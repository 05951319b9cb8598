/**
 * The on-site switch (REQ-KILL-3): staff at the device turn remote maintenance off with a file in the agent's data
 * folder; the running agent ends every session at once and refuses new ones, with or without the broker, and only
 * a local command turns it back on.
 */
package dev.hoshu.agent.localswitch;
