package dev.hoshu.broker.state;

import java.util.Optional;

/** Emergency-grant reviews in the collection {@code grant-reviews}; one per grant, never rewritten. */
public final class GrantReviewStore {

    private final RecordCollection<GrantReview> reviews;

    public GrantReviewStore(RecordCollections collections) {
        this.reviews = collections.open("grant-reviews", GrantReview.class, GrantReview::grantId);
    }

    public Optional<GrantReview> find(String grantId) {
        return reviews.find(grantId);
    }

    /** @throws IllegalStateException when the grant was already reviewed */
    public void insert(GrantReview review) {
        reviews.insert(review);
    }
}
