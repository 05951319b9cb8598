package dev.hoshu.api.console;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.springframework.context.i18n.LocaleContext;
import org.springframework.context.i18n.SimpleLocaleContext;
import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.i18n.LocaleContextResolver;

/**
 * The console's language: the one the user chose (a cookie, so it is remembered), else the browser's
 * ({@code Accept-Language}) when it is Japanese or English, else English.
 */
public final class ConsoleLanguage implements LocaleContextResolver {

    static final String COOKIE = "hoshu-lang";
    static final List<Locale> SUPPORTED = List.of(Locale.JAPANESE, Locale.ENGLISH);

    @Override
    public LocaleContext resolveLocaleContext(ServerWebExchange exchange) {
        HttpCookie chosen = exchange.getRequest().getCookies().getFirst(COOKIE);
        if (chosen != null && supported(chosen.getValue())) {
            return new SimpleLocaleContext(Locale.forLanguageTag(chosen.getValue()));
        }
        List<Locale.LanguageRange> ranges;
        try {
            ranges = Locale.LanguageRange.parse(String.join(",",
                    exchange.getRequest().getHeaders().getOrEmpty("Accept-Language")));
        } catch (IllegalArgumentException malformed) {
            ranges = List.of();
        }
        Locale best = Locale.lookup(ranges, SUPPORTED);
        return new SimpleLocaleContext(best == null ? Locale.ENGLISH : best);
    }

    @Override
    public void setLocaleContext(ServerWebExchange exchange, LocaleContext localeContext) {
        Locale locale = localeContext == null ? null : localeContext.getLocale();
        if (locale != null && supported(locale.getLanguage())) {
            exchange.getResponse().addCookie(ResponseCookie.from(COOKIE, locale.getLanguage())
                    .path("/console").maxAge(Duration.ofDays(365)).httpOnly(true).sameSite("Lax").build());
        }
    }

    static boolean supported(String language) {
        return "ja".equals(language) || "en".equals(language);
    }
}
