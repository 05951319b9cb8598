/** The broker application: its settings and the wiring that assembles stores, PKI, listeners and the API. */
package dev.hoshu.broker;
