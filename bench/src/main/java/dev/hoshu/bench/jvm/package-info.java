/** Looking inside the broker and agent JVMs from outside: CPU and memory from /proc, heap via jcmd, profiles via JFR. */
package dev.hoshu.bench.jvm;
