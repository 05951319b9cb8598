/** Enrolling the device with a join token, and the enrolled identity the agent keeps on disk. */
package dev.hoshu.agent.enroll;
