package onestop.agent.adapters.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.cookie.Cookie;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A cashier's browser, roughly: keeps the CSRF cookie, posts forms with the page's token, follows no redirect. */
final class PageSession {
    record Page(int status, String html, String location, HttpResponse<?> response) {
        /** The page's text without tags, white space folded: what a person reads. */
        String text() {
            return html.replaceAll("(?s)<script.*?</script>", " ").replaceAll("<[^>]+>", " ").replace("&#39;", "'").replace("&quot;", "\"")
                    .replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replaceAll("\\s+", " ");
        }

        /** The text of the element with this id (a leaf or near-leaf element). */
        String byId(String id) {
            Matcher m = Pattern.compile("(?s)id=\"" + Pattern.quote(id) + "\"[^>]*>(.*?)</").matcher(html);
            if (!m.find()) throw new AssertionError("no element #" + id + " in\n" + html);
            return m.group(1).replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ").strip();
        }

        boolean has(String id) {
            return html.contains("id=\"" + id + "\"");
        }

        /** The value of the input named {@code name} (the first one). */
        String value(String name) {
            Matcher m = Pattern.compile("<input[^>]*name=\"" + Pattern.quote(name) + "\"[^>]*>").matcher(html);
            if (!m.find()) return null;
            Matcher v = Pattern.compile("value=\"([^\"]*)\"").matcher(m.group());
            return v.find() ? v.group(1).replace("&amp;", "&").replace("&quot;", "\"") : "";
        }

        /** The section of the page between the element with this id and the end of its tag name's element (no nesting). */
        String section(String tag, String id) {
            Matcher m = Pattern.compile("(?s)<" + tag + "[^>]*id=\"" + Pattern.quote(id) + "\".*?</" + tag + ">").matcher(html);
            if (!m.find()) throw new AssertionError("no <" + tag + " id=" + id + ">");
            return m.group().replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ");
        }
    }

    private final HttpClient client;
    String token;

    PageSession(HttpClient client) {
        this.client = client;
    }

    private Page exchange(MutableHttpRequest<?> request) {
        if (token != null) request.cookie(Cookie.of(Csrf.COOKIE, token));
        HttpResponse<String> r;
        try {
            r = client.toBlocking().exchange(request, String.class);
        } catch (HttpClientResponseException e) {
            @SuppressWarnings("unchecked")
            HttpResponse<String> failed = (HttpResponse<String>) e.getResponse();
            r = failed;
        }
        r.getCookie(Csrf.COOKIE).ifPresent(c -> token = c.getValue());
        String body = r.getBody(String.class).orElse("");
        return new Page(r.getStatus().getCode(), body, r.getHeaders().get("Location"), r);
    }

    Page get(String path) {
        return exchange(HttpRequest.GET(path).accept(MediaType.TEXT_HTML));
    }

    /** Posts the form with this session's token, as the page's own forms do. */
    Page post(String path, Map<String, String> form) {
        Map<String, String> f = new LinkedHashMap<>(form);
        f.put(Csrf.FIELD, token);
        return postRaw(path, f);
    }

    Page postRaw(String path, Map<String, String> form) {
        return exchange(HttpRequest.POST(path, form).contentType(MediaType.APPLICATION_FORM_URLENCODED).accept(MediaType.TEXT_HTML));
    }
}
