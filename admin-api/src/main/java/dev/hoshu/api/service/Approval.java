package dev.hoshu.api.service;

import dev.hoshu.access.AccessRequest;
import dev.hoshu.access.Grant;

/** An approved request and the grant it became. */
public record Approval(AccessRequest request, Grant grant) {
}
