/** {@code hoshu accounts}: the periodic account review, and disabling and enabling accounts. */
package dev.hoshu.cli.accounts;
