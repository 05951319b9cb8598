/** The device agent's command line: {@code enroll} once, then {@code run} beside the imaging device. */
package dev.hoshu.agent;
