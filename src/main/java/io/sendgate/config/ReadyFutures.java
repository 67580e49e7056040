package io.sendgate.config;

import io.sendgate.core.Futures;
import io.sendgate.core.Limits;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.http.HttpEntity;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.AsyncHandlerMethodReturnValueHandler;
import org.springframework.web.method.support.HandlerMethodReturnValueHandler;
import org.springframework.web.method.support.HandlerMethodReturnValueHandlerComposite;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.AsyncSupportConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;

/**
 * Calls that may wait (accepts, opens, waits, blocking sends) return a {@link CompletableFuture}: while it
 * is pending the request is asynchronous and its thread goes back to Tomcat's pool (C38). Spring would
 * dispatch even a future that is already done asynchronously; this handler answers those at once, so
 * the common case (an overlapped send, a poll) costs what a plain synchronous call costs.
 */
@Configuration(proxyBeanMethods = false)
public class ReadyFutures {
    /** The container's own deadline comes well after every wait's, which always answers first. */
    private static final Duration GRACE = Duration.ofSeconds(60);

    @Bean
    static BeanPostProcessor readyFuturesFirst() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof RequestMappingHandlerAdapter adapter && adapter.getReturnValueHandlers() != null) {
                    List<HandlerMethodReturnValueHandler> handlers = new ArrayList<>(adapter.getReturnValueHandlers());
                    handlers.add(0, new ReadyFutureHandler(handlers));
                    adapter.setReturnValueHandlers(handlers);
                }
                return bean;
            }
        };
    }

    @Bean
    WebMvcConfigurer waitsOutliveTheirBound(Limits limits) {
        return new WebMvcConfigurer() {
            @Override
            public void configureAsyncSupport(AsyncSupportConfigurer configurer) {
                configurer.setDefaultTimeout(limits.maxWait().plus(limits.connectTimeout()).plus(GRACE).toMillis());
            }
        };
    }

    /**
     * The handler's return type seen through the future, as Spring's own asynchronous dispatch sees it:
     * the value's class, and the future's type argument for generics (the body type of a ResponseEntity).
     */
    private static final class FutureValue extends MethodParameter {
        private final Class<?> valueClass;
        private final ResolvableType type;

        FutureValue(MethodParameter future, Class<?> valueClass) {
            super(future);
            this.type = ResolvableType.forMethodParameter(future).getGeneric();
            this.valueClass = valueClass != null ? valueClass : type.toClass();
        }

        private FutureValue(FutureValue original) {
            super(original);
            this.valueClass = original.valueClass;
            this.type = original.type;
        }

        @Override
        public Class<?> getParameterType() {
            return valueClass;
        }

        @Override
        public Type getGenericParameterType() {
            return type.getType();
        }

        @Override
        public FutureValue clone() {
            return new FutureValue(this);
        }
    }

    /** The handler that writes a done future's value, and the return type it is given: the same for every call. */
    private record Resolved(HandlerMethodReturnValueHandler handler, FutureValue returnType) {
    }

    /** A ResponseEntity's body class is part of the key: an emitter as the body would make the answer asynchronous. */
    private record ValueOf(Method method, Class<?> valueClass, Class<?> bodyClass) {
        static ValueOf of(Method method, Object value) {
            Object body = value instanceof HttpEntity<?> entity ? entity.getBody() : null;
            return new ValueOf(method, value.getClass(), body == null ? null : body.getClass());
        }
    }

    /**
     * A done future is answered as its value; a pending one is left to Spring's asynchronous handling.
     * Which handler writes a value depends only on the method and the value's class, so it is chosen once
     * per pair instead of on every call (an overlapped send's answer is the hot path: choosing cost as much
     * as the send's own bookkeeping).
     */
    private static final class ReadyFutureHandler implements HandlerMethodReturnValueHandler {
        private final List<HandlerMethodReturnValueHandler> others;
        private final HandlerMethodReturnValueHandlerComposite composite = new HandlerMethodReturnValueHandlerComposite();
        private final Map<ValueOf, Resolved> resolved = new ConcurrentHashMap<>();

        ReadyFutureHandler(List<HandlerMethodReturnValueHandler> others) {
            this.others = List.copyOf(others);
            this.composite.addHandlers(others);
        }

        @Override
        public boolean supportsReturnType(MethodParameter returnType) {
            return CompletableFuture.class.isAssignableFrom(returnType.getParameterType());
        }

        @Override
        public void handleReturnValue(Object value, MethodParameter returnType, ModelAndViewContainer mav,
                                      NativeWebRequest request) throws Exception {
            if (value instanceof CompletableFuture<?> future && future.isDone()) {
                Object answer;
                try {
                    answer = future.join();
                } catch (RuntimeException e) {
                    throw Futures.failure(e);
                }
                Resolved r = answer == null || returnType.getMethod() == null ? null
                        : resolved.computeIfAbsent(ValueOf.of(returnType.getMethod(), answer),
                                key -> resolve(answer, returnType));
                if (r != null && r.handler() != null) {
                    r.handler().handleReturnValue(answer, r.returnType(), mav, request);
                } else {
                    composite.handleReturnValue(answer, new FutureValue(returnType, answer == null ? null : answer.getClass()),
                            mav, request);
                }
                return;
            }
            composite.handleReturnValue(value, returnType, mav, request);
        }

        /**
         * The first handler that supports the value's type, as Spring's composite picks it; none (the composite
         * decides every time) when an asynchronous handler claims the value.
         */
        private Resolved resolve(Object answer, MethodParameter future) {
            FutureValue type = new FutureValue(future, answer.getClass());
            for (HandlerMethodReturnValueHandler handler : others) {
                if (handler instanceof AsyncHandlerMethodReturnValueHandler async && async.isAsyncReturnValue(answer, type)) {
                    return new Resolved(null, type);
                }
            }
            for (HandlerMethodReturnValueHandler handler : others) {
                if (handler.supportsReturnType(type)) {
                    return new Resolved(handler, type);
                }
            }
            return new Resolved(null, type);
        }
    }
}
