/** Manufacturer-signed maintenance tools: manifests, their detached EdDSA signatures and the file-hash checks. */
package dev.hoshu.tools;
