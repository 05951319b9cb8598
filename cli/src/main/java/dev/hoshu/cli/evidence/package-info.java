/** Evidence exports of one's own hospital: {@code hoshu evidence devices} and {@code hoshu evidence timeline}. */
package dev.hoshu.cli.evidence;
