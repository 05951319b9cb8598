/** Runs manufacturer-signed tools for the broker's exec requests: verify every time, run by argv, stop the whole process tree. */
package dev.hoshu.agent.runner;
