package onestop.agent.adapters.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.util.Map;
import onestop.agent.testing.AgentTestProperties;
import onestop.agent.testing.EngineServer;
import onestop.agent.testing.FakeCardReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** 读卡 through the page's seam when the agent has a reader: the card's patient decided at once, a missing card said in Chinese. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CardReadingPageTest implements TestPropertyProvider {
    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    FakeCardReader reader;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = AgentTestProperties.withEngine();
        p.put("onestop.test.card", "fake");
        p.put("micronaut.http.client.follow-redirects", "false");
        return p;
    }

    @Test
    void aCardIsReadIntoTheDecisionAndTheBill() {
        PageSession s = new PageSession(client);
        s.get("/admission");
        reader.card.set(FakeCardReader.socialSecurityCard(EngineServer.MINIMUM_LIVING, "张秀英"));
        PageSession.Page decided = s.post("/admission/card", Map.of("date", "2024-06-10"));
        assertEquals(200, decided.status());
        assertEquals("免交住院押金", decided.byId("deposit"));
        assertEquals("张秀英", decided.byId("patient-name"));
        assertTrue(decided.section("section", "decision").contains("社会保障卡"), "the document is the card's");

        PageSession.Page bill = s.post("/discharge/card", Map.of("visit.total", ""));
        assertEquals(200, bill.status());
        assertEquals(EngineServer.MINIMUM_LIVING, bill.value("id_number"));
        assertTrue(bill.html().matches("(?s).*id=\"visit.total\"[^>]*autofocus.*"), "the cursor goes to the bill");

        reader.card.set(null);
        PageSession.Page none = s.post("/admission/card", Map.of("date", "2024-06-10"));
        assertEquals(422, none.status());
        assertTrue(none.byId("error").startsWith("未检测到卡片"), none.byId("error"));
    }
}
