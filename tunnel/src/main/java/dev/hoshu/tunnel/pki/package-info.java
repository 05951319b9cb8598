/** X.509 material shared by broker and agent: device, server and CA certificates and their PEM files. */
package dev.hoshu.tunnel.pki;
