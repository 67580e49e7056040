package io.sendgate.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/** What a future that ended badly means for a caller: always a {@link WsaException}. */
public final class Futures {
    private static final Logger LOG = LoggerFactory.getLogger(Futures.class);

    private Futures() {
    }

    /**
     * {@code future}'s value through {@code fn}; a failure, of either, is the WsaException itself rather
     * than wrapped. Done at once when {@code future} is.
     */
    public static <T, R> CompletableFuture<R> then(CompletableFuture<T> future, Function<T, R> fn) {
        CompletableFuture<R> out = new CompletableFuture<>();
        future.whenComplete((value, error) -> {
            if (error != null) {
                out.completeExceptionally(wsa(error));
                return;
            }
            try {
                out.complete(fn.apply(value));
            } catch (RuntimeException e) {
                out.completeExceptionally(wsa(e));
            }
        });
        return out;
    }

    public static WsaException wsa(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof WsaException w) {
            return w;
        }
        if (cause instanceof CancellationException) {
            return new WsaException(WsaError.WSAEINTR, "The call was cancelled");
        }
        LOG.error("A call failed unexpectedly", cause);
        return new WsaException(WsaError.WSASYSCALLFAILURE, "The call failed unexpectedly; the service log has the details");
    }
}
