/** Who does what at one's hospital: {@code hoshu responsibilities} and {@code hoshu responsibilities set FILE}. */
package dev.hoshu.cli.responsibilities;
