package io.sendgate;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * api-spec/openapi.yaml is the API the service really serves: users generate clients from that file. After
 * an intended API change, regenerate it with
 * {@code ./mvnw test -Dtest=OpenApiSpecTests -Dsendgate.openapi.write=true} and commit it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenApiSpecTests {
    static final Path SPEC = Path.of("api-spec", "openapi.yaml");
    static final String REGENERATE = "./mvnw test -Dtest=OpenApiSpecTests -Dsendgate.openapi.write=true";
    // The served document names the address it was fetched from; the file names the default one.
    static final String DEFAULT_SERVER = "http://127.0.0.1:8080";

    @LocalServerPort
    int port;

    @Test
    void apiSpecFileIsWhatTheServiceServes() throws Exception {
        String served = fetch("/v3/api-docs.yaml").replace("http://127.0.0.1:" + port, DEFAULT_SERVER);

        if (Boolean.getBoolean("sendgate.openapi.write")) {
            Files.createDirectories(SPEC.getParent());
            Files.writeString(SPEC, served, StandardCharsets.UTF_8);
            return;
        }
        if (!Files.exists(SPEC)) {
            fail(SPEC + " is missing; write it with: " + REGENERATE);
        }
        String committed = Files.readString(SPEC, StandardCharsets.UTF_8);
        if (!committed.equals(served)) {
            fail(SPEC + " differs from the document the service serves (- file, + served). If the API change"
                    + " is intended, regenerate it with: " + REGENERATE + "\n" + unifiedDiff(committed, served));
        }
    }

    private String fetch(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as("GET " + path).isEqualTo(200);
        return response.body();
    }

    private static String unifiedDiff(String committed, String served) {
        List<String> before = committed.lines().toList();
        List<String> after = served.lines().toList();
        List<String> diff = UnifiedDiffUtils.generateUnifiedDiff(SPEC.toString(), "GET /v3/api-docs.yaml",
                before, DiffUtils.diff(before, after), 3);
        return String.join("\n", diff);
    }
}
