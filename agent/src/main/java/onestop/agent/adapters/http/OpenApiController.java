package onestop.agent.adapters.http;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The HIS API described for the HIS's developers and their tools: the hand-written OpenAPI 3 document
 * ({@code openapi.yml} on the classpath), served as it is. It holds no data, so it needs no key ({@link ApiKeyFilter}
 * lets exactly this path through); a test keeps it equal to the routes and the result codes.
 */
@Controller
final class OpenApiController {
    static final String PATH = "/api/v1/openapi.yml";
    static final String RESOURCE = "openapi.yml";
    static final String YAML = "application/yaml";
    private final byte[] document;

    OpenApiController() {
        try (InputStream in = OpenApiController.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException(RESOURCE + " is not on the classpath");
            document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Get(uri = PATH, produces = YAML + ";charset=utf-8")
    HttpResponse<byte[]> openApi() {
        return HttpResponse.ok(document).contentType(MediaType.of(YAML + ";charset=utf-8"));
    }
}
