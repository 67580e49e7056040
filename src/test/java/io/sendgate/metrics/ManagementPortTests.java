package io.sendgate.metrics;

import io.sendgate.testing.Api;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * C32, C37: on a management port of its own (management.server.port), which Spring Boot serves apart from
 * the application's filters, the metrics and health's details still need the API token.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "sendgate.api-token=" + ManagementPortTests.TOKEN, "management.server.port=0"})
class ManagementPortTests {
    static final String TOKEN = "management-port-token-0123456789";

    @LocalServerPort
    int port;
    @LocalManagementPort
    int managementPort;

    @Test
    void theManagementPortNeedsTheTokenForMetricsAndHealthDetails() {
        assertThat(managementPort).isNotEqualTo(port);
        Api anonymous = new Api(managementPort);
        Api.Reply refused = anonymous.get("/actuator/prometheus");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.field("wsaError")).isEqualTo("WSAEACCES");
        assertThat(refused.body()).doesNotContain("sendgate_");
        Api.Reply bare = anonymous.get("/actuator/health");
        assertThat(bare.status()).isEqualTo(200);
        assertThat(bare.json().has("components")).isFalse();

        Api withToken = Api.withToken(managementPort, TOKEN);
        Api.Reply metrics = withToken.get("/actuator/prometheus");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("sendgate_operations_total");
        assertThat(withToken.get("/actuator/health").json().has("components")).isTrue();
        // the API's port still guards the API, once (a second edge filter there would count bodies twice)
        assertThat(new Api(port).get("/api/v1/sockets").status()).isEqualTo(401);
        assertThat(Api.withToken(port, TOKEN).get("/api/v1/sockets").status()).isEqualTo(200);
    }
}
