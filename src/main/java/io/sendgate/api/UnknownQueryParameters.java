package io.sendgate.api;

import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.BeanUtils;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A query parameter the call does not take is refused, not ignored: {@code ?flag=MSG_OOB} on a send would
 * otherwise send without the flag the caller meant. The names come from the raw query string, since the
 * container's parameter map also holds the fields of a multipart body.
 */
public final class UnknownQueryParameters implements HandlerInterceptor {
    private static final ParameterNameDiscoverer NAMES = new DefaultParameterNameDiscoverer();

    /** Per handler method: the names it reads, or empty when it takes any (a map of parameters). */
    private final Map<Method, Optional<Set<String>>> known = new ConcurrentHashMap<>();

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method) || request.getQueryString() == null) {
            return true;
        }
        Optional<Set<String>> names = known.computeIfAbsent(method.getMethod(), m -> namesOf(method));
        if (names.isEmpty()) {
            return true;
        }
        for (QueryString.Param param : parse(request.getQueryString())) {
            if (!names.get().contains(param.name())) {
                throw new WsaException(WsaError.WSAEINVAL, "Unknown query parameter '" + param.name() + "'"
                        + (names.get().isEmpty() ? "; this call takes none" : Suggestions.hint(param.name(), names.get())));
            }
        }
        return true;
    }

    private static Iterable<QueryString.Param> parse(String rawQuery) {
        try {
            return QueryString.parse(rawQuery);
        } catch (QueryString.MalformedException e) {
            throw new WsaException(WsaError.WSAEINVAL, e.getMessage());
        }
    }

    private static Optional<Set<String>> namesOf(HandlerMethod method) {
        Set<String> names = new TreeSet<>();
        for (MethodParameter parameter : method.getMethodParameters()) {
            parameter.initParameterNameDiscovery(NAMES);
            RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
            Class<?> type = parameter.getParameterType();
            if (parameter.hasParameterAnnotation(ModelAttribute.class) || (param != null && Map.class.isAssignableFrom(type))) {
                return Optional.empty();
            }
            if (param != null && !param.name().isEmpty()) {
                names.add(param.name());
            } else if (param != null || (!boundBySpring(parameter) && BeanUtils.isSimpleProperty(type))) {
                // Spring binds a simple argument without a binding annotation as a request parameter too
                names.add(parameter.getParameterName());
            }
        }
        return Optional.of(Collections.unmodifiableSet(names));
    }

    private static boolean boundBySpring(MethodParameter parameter) {
        return Arrays.stream(parameter.getParameterAnnotations())
                .anyMatch(a -> a.annotationType().getPackageName().startsWith("org.springframework."));
    }
}
