package io.sendgate.api;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The examples Swagger UI offers are the ones in /v3/api-docs; each one is replayed here in the order a
 * user walks the page (listen, open, accept, send, shut down) and must succeed, as it would from the page.
 */
class SwaggerExamplesTests extends ServiceTest {

    @Test
    void everyDocumentedEndpointIsThereAndEveryRequestExampleWorks() {
        JsonNode doc = api.get("/v3/api-docs").json();
        JsonNode paths = doc.path("paths");
        for (String path : List.of("/api/v1/sockets", "/api/v1/sockets/{socketId}", "/api/v1/sockets/{socketId}/sends",
                "/api/v1/sockets/{socketId}/shutdown", "/api/v1/sockets/{socketId}/cancel", "/api/v1/listeners",
                "/api/v1/listeners/{listenerId}", "/api/v1/listeners/{listenerId}/accept", "/api/v1/operations/{operationId}")) {
            assertThat(paths.has(path)).as(path).isTrue();
        }
        assertThat(paths.path("/api/v1/sockets/{socketId}/sends").path("post").path("requestBody").path("content").propertyNames())
                .contains("application/json", "application/octet-stream", "multipart/form-data");

        List<String> listeners = new ArrayList<>();
        for (String body : examples(paths, "/api/v1/listeners")) {
            var r = api.post("/api/v1/listeners", body);
            assertThat(r.status()).as(body + " -> " + r.body()).isEqualTo(201);
            listeners.add(r.field("id"));
        }
        List<String> sockets = new ArrayList<>();
        for (String body : examples(paths, "/api/v1/sockets")) {
            var r = api.post("/api/v1/sockets", body);
            assertThat(r.status()).as(body + " -> " + r.body()).isEqualTo(201);
            sockets.add(r.field("id"));
        }
        var accepted = api.post("/api/v1/listeners/" + listeners.get(0) + "/accept?timeoutMs=5000",
                examples(paths, "/api/v1/listeners/{listenerId}/accept").get(0));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
        String tcp = sockets.get(0);
        for (String body : examples(paths, "/api/v1/sockets/{socketId}/sends")) {
            var r = api.post("/api/v1/sockets/" + tcp + "/sends", body);
            assertThat(r.status()).as(body + " -> " + r.body()).isIn(200, 202);
        }
        for (String body : examples(paths, "/api/v1/sockets/{socketId}/shutdown")) {
            var r = api.post("/api/v1/sockets/" + tcp + "/shutdown", body);
            assertThat(r.status()).as(body + " -> " + r.body()).isEqualTo(200);
        }
        sockets.forEach(id -> api.delete("/api/v1/sockets/" + id));
        api.delete("/api/v1/sockets/" + accepted.field("id"));
        listeners.forEach(id -> api.delete("/api/v1/listeners/" + id));
        var ui = api.get("/swagger-ui.html");
        assertThat(ui.status()).isEqualTo(302);
        assertThat(api.get(ui.headers().firstValue("Location").orElseThrow().replaceFirst("^https?://[^/]+", "")).status())
                .isEqualTo(200);
    }

    private static List<String> examples(JsonNode paths, String path) {
        JsonNode examples = paths.path(path).path("post").path("requestBody").path("content")
                .path("application/json").path("examples");
        List<String> bodies = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : examples.properties()) {
            bodies.add(e.getValue().path("value").toString());
        }
        assertThat(bodies).as("examples of " + path).isNotEmpty();
        return bodies;
    }
}
