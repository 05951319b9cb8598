/** Signed repair reports: {@code hoshu reports download}, {@code … key}, and the offline {@code … verify}. */
package dev.hoshu.cli.reports;
