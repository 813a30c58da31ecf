package onestop.agent.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import onestop.agent.cards.CardError;
import onestop.agent.testing.AgentTestProperties;
import onestop.agent.testing.FakePersons;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The card endpoints in process with the simulated reader, and e-voucher codes through the agent's real gRPC client
 * to a fake PersonService: each success, each card error's status and code, malformed bodies naming their field.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CardApiTest implements TestPropertyProvider {
    static final String ZHANG = FakePersons.ZHANG;
    static final String LI = FakePersons.LI;
    static final Argument<Map<String, Object>> JSON = Argument.mapOf(String.class, Object.class);

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    FakePersons persons;

    @Inject
    EmbeddedServer agent;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>(AgentTestProperties.create());
        p.put("onestop.test.server", "in-process");
        p.put("onestop.agent.card-reader.kind", "simulated");
        p.put("onestop.agent.max-attempts", "2");
        return p;
    }

    @Inject
    CardController controller;

    @BeforeEach
    void emptyReader() {
        client.toBlocking().exchange(keyed(HttpRequest.DELETE("/api/v1/card/simulated")), JSON);
    }

    static <B> MutableHttpRequest<B> keyed(MutableHttpRequest<B> r) {
        return r.header("X-Api-Key", AgentTestProperties.API_KEY);
    }

    Map<String, Object> ok(int status, MutableHttpRequest<?> request) {
        HttpResponse<Map<String, Object>> r = client.toBlocking().exchange(keyed(request), JSON);
        assertEquals(status, r.getStatus().getCode(), () -> "status of " + request.getUri());
        return r.body();
    }

    Map<String, Object> post(String path, String body) {
        return ok(200, HttpRequest.POST(path, body));
    }

    Map<String, Object> error(MutableHttpRequest<?> request, int status) {
        HttpClientResponseException e = assertThrows(HttpClientResponseException.class, () -> client.toBlocking().exchange(request, JSON));
        assertEquals(status, e.getStatus().getCode(), () -> "status of " + request.getUri() + ": " + e.getResponse().getBody(String.class));
        return e.getResponse().getBody(JSON).orElseThrow();
    }

    Map<String, Object> fails(String path, String body, int status, String code, String field) {
        Map<String, Object> e = error(keyed(HttpRequest.POST(path, body)), status);
        assertEquals(code, e.get("code"), () -> path + " " + body + ": " + e);
        assertEquals(field, e.get("field"), () -> path + " " + body + ": " + e);
        return e;
    }

    void insert(String body) {
        ok(201, HttpRequest.POST("/api/v1/card/simulated", body));
    }

    int waiting() {
        return ((Number) ok(200, HttpRequest.DELETE("/api/v1/card/simulated")).get("removed")).intValue();
    }

    static void assertCard(Map<String, Object> m, String document, String label, String idNumber, String masked, String name) {
        assertEquals(document, m.get("document"), m::toString);
        assertEquals(label, m.get("document_label"), m::toString);
        assertEquals(idNumber, m.get("id_number"), m::toString);
        assertEquals(masked, m.get("id_number_masked"), m::toString);
        assertEquals(name, m.get("name"), m::toString);
        assertTrue(m.containsKey("server"), () -> "the link's state on every answer: " + m);
    }

    // ---- /card/read and /card/simulated

    @Test
    void anInsertedCardIsReadOnceAndThenThereIsNoCard() {
        Map<String, Object> inserted = ok(201, HttpRequest.POST("/api/v1/card/simulated",
                "{\"document\": \"SOCIAL_SECURITY_CARD\", \"id_number\": \"11010519491231002x\", \"name\": \" 李四 \"}"));
        assertCard(inserted, "SOCIAL_SECURITY_CARD", "社会保障卡", LI, "110105********002X", "李四");
        assertEquals(1, ((Number) inserted.get("waiting")).intValue());

        Map<String, Object> read = post("/api/v1/card/read", "");
        assertCard(read, "SOCIAL_SECURITY_CARD", "社会保障卡", LI, "110105********002X", "李四");
        assertEquals("simulated", read.get("source"));

        Map<String, Object> none = fails("/api/v1/card/read", "{\"timeout_millis\": 150}", 404, "NO_CARD", "");
        assertTrue(String.valueOf(none.get("message")).startsWith("未检测到卡："), none::toString);
    }

    @Test
    void theDocumentIsAnIdCardUnlessSaid() {
        insert("{\"id_number\": \"" + ZHANG + "\"}");
        assertCard(post("/api/v1/card/read", "{}"), "ID_CARD", "居民身份证", ZHANG, "341002********1237", "");
    }

    @Test
    void aReadWaitsForACardPutInWhileItWaits() throws Exception {
        CompletableFuture<Map<String, Object>> read = CompletableFuture.supplyAsync(() -> post("/api/v1/card/read", "{\"timeout_millis\": 10000}"));
        Thread.sleep(300);
        assertFalse(read.isDone(), "the read answered before a card was put in");

        insert("{\"document\": \"ID_CARD\", \"id_number\": \"" + ZHANG + "\", \"name\": \"张秀英\"}");
        assertCard(read.get(5, TimeUnit.SECONDS), "ID_CARD", "居民身份证", ZHANG, "341002********1237", "张秀英");
    }

    @Test
    void eachFailingReadHasItsStatusCodeAndLabel() {
        record Case(CardError error, int status, String code) {}
        for (Case c : new Case[] {
            new Case(CardError.NO_READER, 503, "NO_READER"),
            new Case(CardError.NO_CARD, 404, "NO_CARD"),
            new Case(CardError.CARD_REMOVED, 409, "CARD_REMOVED"),
            new Case(CardError.READ_FAILED, 422, "READ_FAILED"),
            new Case(CardError.INVALID_ID_NUMBER, 400, "INVALID_ID_NUMBER"),
            new Case(CardError.INVALID_NAME, 400, "INVALID_ARGUMENT"),
        }) {
            Map<String, Object> inserted = ok(201, HttpRequest.POST("/api/v1/card/simulated", "{\"error\": \"" + c.error() + "\"}"));
            assertEquals(c.error().label(), inserted.get("error_label"));

            Map<String, Object> e = fails("/api/v1/card/read", "", c.status(), c.code(), "");
            assertTrue(String.valueOf(e.get("message")).startsWith(c.error().label() + "："), e::toString);
        }
    }

    @Test
    void aMalformedReadNamesItsFieldAndTakesNoCard() {
        insert("{\"id_number\": \"" + ZHANG + "\"}");
        for (String body : new String[] {"{\"timeout_millis\": 0}", "{\"timeout_millis\": 30001}", "{\"timeout_millis\": \"100\"}",
                "{\"timeout_millis\": 1.5}", "{\"timeout_millis\": 99999999999999999999}"}) {
            Map<String, Object> e = fails("/api/v1/card/read", body, 400, "INVALID_ARGUMENT", "timeout_millis");
            assertTrue(String.valueOf(e.get("message")).contains("from 1 to 30000"), e::toString);
        }
        fails("/api/v1/card/read", "{\"timeout\": 5}", 400, "INVALID_ARGUMENT", "timeout");
        fails("/api/v1/card/read", "{", 400, "INVALID_ARGUMENT", "");
        fails("/api/v1/card/read", "[]", 400, "INVALID_ARGUMENT", "");
        assertEquals(1, waiting(), "no malformed read took the card");
    }

    @Test
    void atMostFourReadsWaitAtOnce() throws Exception {
        // the four waiting reads through the JDK's client, a connection each, so no client pool decides how many run
        java.net.http.HttpClient jdk = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        List<CompletableFuture<java.net.http.HttpResponse<String>>> reads = new ArrayList<>();
        for (int i = 0; i < CardController.MAX_WAITING_READS; i++) {
            reads.add(jdk.sendAsync(java.net.http.HttpRequest.newBuilder(agent.getURI().resolve("/api/v1/card/read"))
                    .header("X-Api-Key", AgentTestProperties.API_KEY)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"timeout_millis\": 8000}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()));
        }
        try {
            // the four wait (however slowly a busy machine starts them); then a fifth is turned away at once (429)
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (controller.waitingReads() < CardController.MAX_WAITING_READS && System.nanoTime() < until) Thread.sleep(20);
            assertEquals(CardController.MAX_WAITING_READS, controller.waitingReads(), "the four reads wait");
            HttpClientResponseException shortRead = assertThrows(HttpClientResponseException.class, () -> client.toBlocking()
                    .exchange(keyed(HttpRequest.POST("/api/v1/card/read", "{\"timeout_millis\": 1}")), JSON));
            Map<String, Object> e = shortRead.getResponse().getBody(JSON).orElseThrow();
            assertEquals(429, shortRead.getStatus().getCode(), e::toString);
            assertEquals("RESOURCE_EXHAUSTED", e.get("code"), e::toString);
        } catch (AssertionError | RuntimeException failed) {
            // answer the waiting reads, so that none takes a later test's card
            for (int i = 0; i < CardController.MAX_WAITING_READS; i++) insert("{\"id_number\": \"" + ZHANG + "\"}");
            throw failed;
        }
        for (int i = 0; i < CardController.MAX_WAITING_READS; i++) insert("{\"id_number\": \"" + ZHANG + "\", \"name\": \"card " + i + "\"}");
        Set<String> names = new HashSet<>();
        for (var read : reads) {
            java.net.http.HttpResponse<String> r = read.get(5, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode(), r::body);
            names.add(r.body().replaceAll(".*\"name\":\"([^\"]*)\".*", "$1"));
        }
        assertEquals(Set.of("card 0", "card 1", "card 2", "card 3"), names);
    }

    @Test
    void aSimulatedCardIsCheckedWhenPutIn() {
        Map<String, Object> bad = fails("/api/v1/card/simulated", "{\"id_number\": \"341002195603121238\"}", 400, "INVALID_ID_NUMBER", "id_number");
        assertTrue(String.valueOf(bad.get("message")).contains("341002********1238"), bad::toString);
        assertFalse(String.valueOf(bad.get("message")).contains("341002195603121238"), bad::toString);
        fails("/api/v1/card/simulated", "{\"name\": \"张秀英\"}", 400, "INVALID_ARGUMENT", "id_number");
        fails("/api/v1/card/simulated", "{\"id_number\": \"" + ZHANG + "\", \"document\": \"PASSPORT\"}", 400, "UNKNOWN_DOCUMENT", "document");
        fails("/api/v1/card/simulated", "{\"id_number\": \"" + ZHANG + "\", \"name\": \"" + "张".repeat(65) + "\"}", 400, "INVALID_ARGUMENT", "name");
        fails("/api/v1/card/simulated", "{\"error\": \"BROKEN\"}", 400, "INVALID_ARGUMENT", "error");
        fails("/api/v1/card/simulated", "{\"error\": \"NO_CARD\", \"id_number\": \"" + ZHANG + "\"}", 400, "INVALID_ARGUMENT", "id_number");
        fails("/api/v1/card/simulated", "{\"id_number\": \"" + ZHANG + "\", \"photo\": \"x\"}", 400, "INVALID_ARGUMENT", "photo");
        assertEquals(0, waiting(), "nothing malformed was put in");
    }

    @Test
    void deleteTakesOutEveryWaitingCard() {
        insert("{\"id_number\": \"" + ZHANG + "\"}");
        insert("{\"error\": \"CARD_REMOVED\"}");
        assertEquals(2, ((Number) ok(200, HttpRequest.DELETE("/api/v1/card/simulated")).get("removed")).intValue());
        fails("/api/v1/card/read", "{\"timeout_millis\": 100}", 404, "NO_CARD", "");
    }

    // ---- /card/manual

    @Test
    void aTypedNumberIsCheckedAndUpperCased() {
        assertCard(post("/api/v1/card/manual", "{\"id_number\": \" 11010519491231002x \", \"name\": \"李四\"}"),
                "ID_CARD", "居民身份证", LI, "110105********002X", "李四");
        Map<String, Object> household = post("/api/v1/card/manual", "{\"id_number\": \"" + ZHANG + "\", \"document\": \"HOUSEHOLD_REGISTER\"}");
        assertCard(household, "HOUSEHOLD_REGISTER", "户口簿", ZHANG, "341002********1237", "");
        assertEquals("manual", household.get("source"));
    }

    @Test
    void aBadTypedEntryNamesItsField() {
        Map<String, Object> typo = fails("/api/v1/card/manual", "{\"id_number\": \"341002195603121273\"}", 400, "INVALID_ID_NUMBER", "id_number");
        assertTrue(String.valueOf(typo.get("message")).startsWith("证件号码无效：id_number 341002********1273"), typo::toString);
        fails("/api/v1/card/manual", "{\"id_number\": \"34100219560312123\"}", 400, "INVALID_ID_NUMBER", "id_number");
        fails("/api/v1/card/manual", "{\"name\": \"李四\"}", 400, "INVALID_ARGUMENT", "id_number");
        fails("/api/v1/card/manual", "{\"id_number\": 341002195603121237}", 400, "INVALID_ARGUMENT", "id_number");
        fails("/api/v1/card/manual", "{\"id_number\": \"" + ZHANG + "\", \"name\": \"" + "李".repeat(65) + "\"}", 400, "INVALID_ARGUMENT", "name");
        fails("/api/v1/card/manual", "{\"id_number\": \"" + ZHANG + "\", \"document\": \"E_VOUCHER\"}", 400, "INVALID_ARGUMENT", "document");
        fails("/api/v1/card/manual", "{\"id_number\": \"" + ZHANG + "\", \"document\": \"id_card\"}", 400, "UNKNOWN_DOCUMENT", "document");
        fails("/api/v1/card/manual", "{\"idNumber\": \"" + ZHANG + "\"}", 400, "INVALID_ARGUMENT", "idNumber");
        fails("/api/v1/card/manual", "", 400, "INVALID_ARGUMENT", "");
    }

    // ---- /card/voucher

    @Test
    void aScannedVoucherIsResolvedByTheServer() {
        Map<String, Object> zhang = post("/api/v1/card/voucher", "{\"code\": \"" + FakePersons.GOOD + "\\r\\n\"}");
        assertCard(zhang, "E_VOUCHER", "医保电子凭证", ZHANG, "341002********1237", "张秀英");
        assertEquals("voucher", zhang.get("source"));
        assertEquals(FakePersons.GOOD, persons.asked.get(persons.asked.size() - 1), "the scanner's Enter is not sent on");
        assertEquals("online", zhang.get("server"));

        // the earlier path answers the same
        assertCard(post("/api/v1/vouchers", "{\"code\": \"" + FakePersons.LOWER_X + "\"}"), "E_VOUCHER", "医保电子凭证", LI, "110105********002X", "李四");
    }

    @Test
    void expiredForgedAndUnknownVouchersAreClearRejections() {
        Map<String, Object> expired = fails("/api/v1/card/voucher", "{\"code\": \"" + FakePersons.EXPIRED + "\"}", 422, "VOUCHER_EXPIRED", "code");
        assertEquals("电子凭证已过期：the code expired; ask the patient to show a fresh 医保电子凭证", expired.get("message"));
        Map<String, Object> forged = fails("/api/v1/card/voucher", "{\"code\": \"OSEV1.Zm9yZ2Vk.bm90c2lnbmVk\"}", 400, "VOUCHER_INVALID", "code");
        assertTrue(String.valueOf(forged.get("message")).startsWith("电子凭证无效："), forged::toString);
        assertFalse(String.valueOf(forged.get("message")).contains("Zm9yZ2Vk"), "the code is a bearer token: never echoed");
        fails("/api/v1/card/voucher", "{\"code\": \"" + FakePersons.NOBODY + "\"}", 404, "PERSON_NOT_FOUND", "code");
        fails("/api/v1/card/voucher", "{\"code\": \"" + FakePersons.BAD_ID + "\"}", 422, "READ_FAILED", "");
    }

    @Test
    void aVoucherWhileTheServerIsDownIsServerUnreachable() {
        Map<String, Object> e = fails("/api/v1/card/voucher", "{\"code\": \"" + FakePersons.DOWN + "\"}", 503, "SERVER_UNREACHABLE", "");
        assertEquals("unreachable", e.get("server"), e::toString);
        assertEquals(2, persons.asked.stream().filter(FakePersons.DOWN::equals).count(), "tried max-attempts times");
    }

    @Test
    void scannedTextThatIsNoCodeNeverReachesTheServer() {
        int before = persons.asked.size();
        for (String code : new String[] {"", "  ", "OSEV1.电子凭证", "A".repeat(513)}) {
            fails("/api/v1/card/voucher", "{\"code\": \"" + code + "\"}", 400, "VOUCHER_INVALID", "code");
        }
        fails("/api/v1/card/voucher", "{\"code\": \"" + "A".repeat(1025) + "\"}", 400, "INVALID_ARGUMENT", "code");
        fails("/api/v1/card/voucher", "{}", 400, "INVALID_ARGUMENT", "code");
        fails("/api/v1/card/voucher", "{\"code\": 42}", 400, "INVALID_ARGUMENT", "code");
        fails("/api/v1/card/voucher", "{\"code\": \"x\", \"hospital\": \"y\"}", 400, "INVALID_ARGUMENT", "hospital");
        assertEquals(before, persons.asked.size(), "nothing reached the server");
    }

    // ---- the key

    @Test
    void everyCardEndpointNeedsTheApiKey() {
        insert("{\"id_number\": \"" + ZHANG + "\"}");
        int asked = persons.asked.size();
        List<MutableHttpRequest<?>> requests = List.of(
                HttpRequest.POST("/api/v1/card/read", ""),
                HttpRequest.POST("/api/v1/card/manual", "{\"id_number\": \"" + ZHANG + "\"}"),
                HttpRequest.POST("/api/v1/card/voucher", "{\"code\": \"" + FakePersons.GOOD + "\"}"),
                HttpRequest.POST("/api/v1/card/simulated", "{\"id_number\": \"" + ZHANG + "\"}"),
                HttpRequest.DELETE("/api/v1/card/simulated"),
                HttpRequest.POST("/api/v1/card/read", "").header("X-Api-Key", "not-the-key-at-all"));
        for (MutableHttpRequest<?> r : requests) {
            Map<String, Object> e = error(r, 401);
            assertEquals("UNAUTHENTICATED", e.get("code"), () -> r.getPath() + ": " + e);
            assertEquals("X-Api-Key", e.get("field"));
        }
        assertEquals(asked, persons.asked.size(), "no voucher was sent on");
        assertEquals(1, waiting(), "the card is still in the reader");
    }
}
