package dev.hoshu.api.service;

import java.util.List;

/**
 * A subscription as asked for.
 *
 * @param events the notices wanted ({@code request.created}, …); empty or missing means all of them
 */
public record NewWebhook(String url, List<String> events) {
}
