/**
 * File transfer on the device side: the SFTP subsystem only the broker reaches through the tunnel. It serves, per
 * session, the transfer folders the signed manifests of the granted tools name: downloads as a snapshot copied
 * into a session folder, uploads staged there and placed in the device folder only once the package's
 * manufacturer signature verifies.
 */
package dev.hoshu.agent.transfer;
