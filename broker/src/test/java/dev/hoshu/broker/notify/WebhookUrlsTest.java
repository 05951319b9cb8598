package dev.hoshu.broker.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hoshu.api.service.RefusedException;
import org.junit.jupiter.api.Test;

/** Which receiver addresses are refused, each with one line saying why. */
class WebhookUrlsTest {

    private static String refusal(String url, boolean allowPlainHttp) {
        RefusedException refused = assertThrows(RefusedException.class, () -> WebhookUrls.checked(url, allowPlainHttp));
        assertEquals(RefusedException.Status.BAD_REQUEST, refused.status());
        return refused.getMessage();
    }

    @Test
    void httpsIsAcceptedAndPlainHttpOnlyWhenAllowed() {
        assertEquals("https://hooks.hosp-a.example/hoshu?x=1",
                WebhookUrls.checked("https://hooks.hosp-a.example/hoshu?x=1", false).toString());
        assertEquals("refused: webhook url must use https (plain http only with hoshu.webhooks.allow-plain-http)",
                refusal("http://127.0.0.1:9000/hook", false));
        assertEquals("http://127.0.0.1:9000/hook", WebhookUrls.checked("http://127.0.0.1:9000/hook", true).toString());
    }

    @Test
    void hostileAddressesAreRefused() {
        assertEquals("refused: webhook url must use https, not 'file'", refusal("file:///etc/passwd", true));
        assertEquals("refused: webhook url must use https, not 'gopher'", refusal("gopher://x/", true));
        assertEquals("refused: webhook url must use https, not no scheme", refusal("hooks.example/x", true));
        assertEquals("refused: webhook url must not carry credentials; the signature authenticates the broker",
                refusal("https://user:pw@hooks.example/x", false));
        assertEquals("refused: webhook url 'https:///x' names no host", refusal("https:///x", false));
        assertEquals("refused: webhook url must not have a fragment", refusal("https://hooks.example/x#y", false));
        assertEquals("refused: webhook url longer than 2048 characters",
                refusal("https://hooks.example/" + "a".repeat(2100), false));
        assertEquals("refused: webhook url 'https://hooks.example/a\\u000ab' contains spaces or control characters",
                refusal("https://hooks.example/a\nb", false));
        assertEquals("refused: webhook url 'https://x/$(reboot)`id`' is not a URL", refusal("https://x/$(reboot)`id`", false));
        assertEquals("refused: a webhook needs a url", refusal(" ", false));
    }
}
