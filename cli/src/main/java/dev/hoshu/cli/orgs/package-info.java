/** {@code hoshu orgs}: the parties the broker knows (hospitals, service companies, manufacturers) and their registration by the operator. */
package dev.hoshu.cli.orgs;
