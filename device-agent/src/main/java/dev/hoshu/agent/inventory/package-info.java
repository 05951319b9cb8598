/** What the device is (model, OS, firmware, agent version) and the control-channel answer that reports it. */
package dev.hoshu.agent.inventory;
