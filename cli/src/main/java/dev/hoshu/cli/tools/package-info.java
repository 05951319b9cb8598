/** {@code hoshu tools}: what a manufacturer needs to make a signing key, sign a tool and check it as a device would. */
package dev.hoshu.cli.tools;
