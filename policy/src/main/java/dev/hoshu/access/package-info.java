/** Who may ask for, approve and use access to a device: requests, approvals, grants and their decisions. */
package dev.hoshu.access;
