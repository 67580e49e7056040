package io.sendgate.api;

import io.sendgate.core.ListenerPool;
import io.sendgate.core.PooledSocket;
import io.sendgate.testing.Api;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.sendgate.testing.ProblemAnswers.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.when;

/**
 * C40: a bug answers the same whether the call answered at once, through a future already done, or after
 * a wait: 500, WSASYSCALLFAILURE, the same sentence, no Java type. No real input is known to reach one, so
 * a listener pool that throws stands in for it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UnexpectedFailureTests {
    @LocalServerPort
    int port;

    @MockitoBean
    ListenerPool listeners;

    @Test
    void aBugAnswersTheSameWhetherTheCallWaitedOrNot() {
        Api api = new Api(port);
        when(listeners.list()).thenThrow(bug());
        Api.Reply now = api.get("/api/v1/listeners");

        when(listeners.accept(any(), anyLong(), any())).thenReturn(CompletableFuture.failedFuture(bug()));
        Api.Reply done = api.post("/api/v1/listeners/l-1/accept", "{}");

        // still pending when the controller returns: answered by Spring's asynchronous dispatch
        when(listeners.accept(any(), anyLong(), any())).thenAnswer(call -> CompletableFuture.<PooledSocket>supplyAsync(() -> {
            throw bug();
        }, CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS)));
        Api.Reply later = api.post("/api/v1/listeners/l-1/accept", "{}");

        JsonNode expected = assertProblem(now, 500, "WSASYSCALLFAILURE");
        for (Api.Reply reply : List.of(now, done, later)) {
            JsonNode problem = assertProblem(reply, 500, "WSASYSCALLFAILURE");
            assertThat(problem.path("detail")).as(reply.body()).isEqualTo(expected.path("detail"));
            assertThat(reply.body()).doesNotContain("IllegalStateException", "internal detail");
        }
    }

    private static IllegalStateException bug() {
        return new IllegalStateException("internal detail");
    }
}
