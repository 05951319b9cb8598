/** Signing in to the broker's identity provider and keeping the resulting token in {@code $HOSHU_HOME/session.json}. */
package dev.hoshu.cli.login;
