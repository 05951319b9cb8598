/** Running the external programs the harness drives (ssh, sshd, ssh-keygen, jcmd, the Hoshu launchers) with bounded waits. */
package dev.hoshu.bench.process;
