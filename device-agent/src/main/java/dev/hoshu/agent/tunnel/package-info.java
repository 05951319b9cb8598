/** Running the agent: keep the tunnel to the broker up and serve SSH on it. */
package dev.hoshu.agent.tunnel;
