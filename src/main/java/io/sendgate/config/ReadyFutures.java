package io.sendgate.config;

import io.sendgate.core.Futures;
import io.sendgate.core.Limits;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodReturnValueHandler;
import org.springframework.web.method.support.HandlerMethodReturnValueHandlerComposite;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.AsyncSupportConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
        private final Object value;
        private final ResolvableType type;

        FutureValue(MethodParameter future, Object value) {
            super(future);
            this.value = value;
            this.type = ResolvableType.forMethodParameter(future).getGeneric();
        }

        private FutureValue(FutureValue original) {
            super(original);
            this.value = original.value;
            this.type = original.type;
        }

        @Override
        public Class<?> getParameterType() {
            return value != null ? value.getClass() : type.toClass();
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

    /** A done future is answered as its value; a pending one is left to Spring's asynchronous handling. */
    private static final class ReadyFutureHandler implements HandlerMethodReturnValueHandler {
        private final HandlerMethodReturnValueHandlerComposite others = new HandlerMethodReturnValueHandlerComposite();

        ReadyFutureHandler(List<HandlerMethodReturnValueHandler> others) {
            this.others.addHandlers(others);
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
                others.handleReturnValue(answer, new FutureValue(returnType, answer), mav, request);
                return;
            }
            others.handleReturnValue(value, returnType, mav, request);
        }
    }
}
