package onestop.console.adapters.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.client.multipart.MultipartBody;
import io.micronaut.http.cookie.Cookie;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An office user's browser, roughly: keeps the cookies, posts forms with the page's CSRF token, follows no redirect. */
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
            return m.group(1).replaceAll("<[^>]+>", " ").replace("&amp;", "&").replaceAll("\\s+", " ").strip();
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

        /** The rows of the table with this id, each a list of its cells' text (header rows too). */
        List<List<String>> table(String id) {
            Matcher m = Pattern.compile("(?s)<table[^>]*id=\"" + Pattern.quote(id) + "\".*?</table>").matcher(html);
            if (!m.find()) throw new AssertionError("no table #" + id + " in\n" + html);
            List<List<String>> rows = new java.util.ArrayList<>();
            Matcher tr = Pattern.compile("(?s)<tr[^>]*>(.*?)</tr>").matcher(m.group());
            while (tr.find()) {
                List<String> cells = new java.util.ArrayList<>();
                Matcher td = Pattern.compile("(?s)<t[dh][^>]*>(.*?)</t[dh]>").matcher(tr.group(1));
                while (td.find()) cells.add(td.group(1).replaceAll("<[^>]+>", " ").replace("&amp;", "&").replaceAll("\\s+", " ").strip());
                rows.add(cells);
            }
            return rows;
        }
    }

    private final HttpClient client;
    final Map<String, String> cookies = new LinkedHashMap<>();
    /** The CSRF token of the last page that had a form. */
    String csrf;

    PageSession(HttpClient client) {
        this.client = client;
    }

    private Page exchange(MutableHttpRequest<?> request) {
        cookies.forEach((k, v) -> request.cookie(Cookie.of(k, v)));
        HttpResponse<String> r;
        try {
            r = client.toBlocking().exchange(request, String.class);
        } catch (HttpClientResponseException e) {
            @SuppressWarnings("unchecked")
            HttpResponse<String> failed = (HttpResponse<String>) e.getResponse();
            r = failed;
        }
        for (String h : r.getHeaders().getAll("Set-Cookie")) {
            Matcher m = Pattern.compile("^([^=]+)=([^;]*)").matcher(h);
            if (!m.find()) continue;
            if (h.contains("Max-Age=0") || m.group(2).isEmpty()) cookies.remove(m.group(1));
            else cookies.put(m.group(1), m.group(2));
        }
        String body = r.getBody(String.class).orElse("");
        Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(body);
        if (token.find()) csrf = token.group(1);
        return new Page(r.getStatus().getCode(), body, r.getHeaders().get("Location"), r);
    }

    Page get(String path) {
        return exchange(HttpRequest.GET(path).accept(MediaType.TEXT_HTML));
    }

    Page getWith(String path, String header, String value) {
        return exchange(HttpRequest.GET(path).accept(MediaType.TEXT_HTML).header(header, value));
    }

    /** Bytes as they come (a CSV export). */
    HttpResponse<byte[]> download(String path) {
        MutableHttpRequest<?> request = HttpRequest.GET(path);
        cookies.forEach((k, v) -> request.cookie(Cookie.of(k, v)));
        try {
            return client.toBlocking().exchange(request, byte[].class);
        } catch (HttpClientResponseException e) {
            @SuppressWarnings("unchecked")
            HttpResponse<byte[]> failed = (HttpResponse<byte[]>) e.getResponse();
            return failed;
        }
    }

    /** Posts the form with this session's token, as the page's own forms do. */
    Page post(String path, Map<String, String> form) {
        Map<String, String> f = new LinkedHashMap<>(form);
        f.put("_csrf", csrf);
        return postRaw(path, f);
    }

    Page postRaw(String path, Map<String, String> form) {
        return exchange(HttpRequest.POST(path, form).contentType(MediaType.APPLICATION_FORM_URLENCODED).accept(MediaType.TEXT_HTML));
    }

    /** A form posted as the page would: multipart to the upload forms, URL-encoded elsewhere; exactly these fields. */
    Page postAny(String path, Map<String, String> form) {
        if (!path.endsWith("/upload")) return postRaw(path, form);
        MultipartBody.Builder b = MultipartBody.builder();
        form.forEach(b::addPart);
        b.addPart("file", "x.csv", MediaType.TEXT_PLAIN_TYPE, "乡镇,村\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return postMultipart(path, b.build());
    }

    Page postMultipart(String path, MultipartBody body) {
        return exchange(HttpRequest.POST(path, body).contentType(MediaType.MULTIPART_FORM_DATA_TYPE).accept(MediaType.TEXT_HTML));
    }

    /** Logs in through the login page; the answer is the redirect to 首页. */
    Page login(String name, String password) {
        get("/login");
        return post("/login", Map.of("name", name, "password", password));
    }

    /** A browser logged in as this user, on 首页 (so its CSRF token is the session's). */
    static PageSession loggedIn(HttpClient client, String name, String password) {
        PageSession s = new PageSession(client);
        Page p = s.login(name, password);
        if (p.status() != 303 || !"/".equals(p.location())) throw new AssertionError("login of " + name + ": " + p.status() + " " + p.text());
        s.get("/");
        return s;
    }

    static Map<String, String> form(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }
}
