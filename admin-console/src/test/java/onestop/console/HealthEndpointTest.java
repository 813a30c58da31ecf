package onestop.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

@MicronautTest
@org.junit.jupiter.api.TestInstance(org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS)
class HealthEndpointTest implements io.micronaut.test.support.TestPropertyProvider {
    @Override
    public Map<String, String> getProperties() {
        return Map.of("onestop.console.plaintext", "true");
    }

    @Inject
    @Client("/")
    HttpClient client;

    @Test
    void healthIsUpWithoutCredentials() {
        HttpResponse<Map<String, Object>> response = client.toBlocking().exchange(
                HttpRequest.GET("/health"), Argument.mapOf(String.class, Object.class));

        assertEquals(HttpStatus.OK, response.getStatus());
        assertEquals("UP", response.body().get("status"));
    }
}
