package io.sendgate.core;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/** What a future that ended badly means for a caller: the exception itself, never wrapped. */
public final class Futures {
    private Futures() {
    }

    /**
     * {@code future}'s value through {@code fn}; a failure, of either, is the exception itself rather
     * than wrapped. Done at once when {@code future} is.
     */
    public static <T, R> CompletableFuture<R> then(CompletableFuture<T> future, Function<T, R> fn) {
        if (future.isDone() && !future.isCompletedExceptionally()) {
            // the common case (an overlapped send): no callback to register, no second future to complete
            try {
                return CompletableFuture.completedFuture(fn.apply(future.join()));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(failure(e));
            }
        }
        CompletableFuture<R> out = new CompletableFuture<>();
        future.whenComplete((value, error) -> {
            if (error != null) {
                out.completeExceptionally(failure(error));
                return;
            }
            try {
                out.complete(fn.apply(value));
            } catch (RuntimeException e) {
                out.completeExceptionally(failure(e));
            }
        });
        return out;
    }

    /**
     * The exception a caller sees: the future's wrappers taken off, and a cancelled call as WSAEINTR.
     * Anything but a WsaException is a bug and stays one, so that a bug answers the same whether the call
     * waited or not (the web layer logs it and answers 500).
     */
    public static RuntimeException failure(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof CancellationException) {
            return new WsaException(WsaError.WSAEINTR, "The call was cancelled");
        }
        if (cause instanceof RuntimeException e) {
            return e;
        }
        // an Error, or a checked exception no call declares: a bug too, in the wrapper that may be thrown
        return new CompletionException(cause);
    }
}
