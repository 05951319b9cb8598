/** {@code hoshu grants} and {@code hoshu emergency}: grants after approval, their revocation and emergency access. */
package dev.hoshu.cli.grants;
