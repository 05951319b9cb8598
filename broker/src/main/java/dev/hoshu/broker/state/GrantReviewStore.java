package dev.hoshu.broker.state;

import java.nio.file.Path;
import java.util.Optional;

/** Emergency-grant reviews in {@code state/grant-reviews.json}; one per grant, never rewritten. */
public final class GrantReviewStore {

    private final JsonCollection<GrantReview> reviews;

    public GrantReviewStore(Path stateDir) {
        this.reviews = new JsonCollection<>(stateDir.resolve("grant-reviews.json"), GrantReview.class,
                GrantReview::grantId);
    }

    public Optional<GrantReview> find(String grantId) {
        return reviews.find(grantId);
    }

    /** @throws IllegalStateException when the grant was already reviewed */
    public void insert(GrantReview review) {
        reviews.insert(review);
    }
}
