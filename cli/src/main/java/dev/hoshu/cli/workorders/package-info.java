/** Work orders from the command line: {@code hoshu workorders}, {@code … show}, {@code … close}. */
package dev.hoshu.cli.workorders;
