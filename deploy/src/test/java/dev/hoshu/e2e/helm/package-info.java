/**
 * The Helm chart in deploy/helm/hoshu, linted and rendered by Helm itself (its Go library, in-process) and checked
 * as an operator would read the manifests: against the broker's own property names, endpoints and ports.
 */
package dev.hoshu.e2e.helm;
