package dev.hoshu.api;

import reactor.core.publisher.Mono;

/** The {@code {"reason": "…"}} body of a deny or a kill; a missing body or reason is an empty reason. */
record ReasonBody(String reason) {

    static Mono<String> reasonOf(Mono<ReasonBody> body) {
        return body.map(b -> b.reason() == null ? "" : b.reason()).defaultIfEmpty("");
    }
}
