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
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A query parameter the call does not take is refused, not ignored: {@code ?flag=MSG_OOB} on a send would
 * otherwise send without the flag the caller meant. So is one that takes a single value given twice
 * ({@code ?overlapped=false&overlapped=true}): Spring would take the first and drop the other, as a repeated
 * JSON field would be. The names come from the raw query string, since the container's parameter map also
 * holds the fields of a form body.
 */
public final class UnknownQueryParameters implements HandlerInterceptor {
    private static final ParameterNameDiscoverer NAMES = new DefaultParameterNameDiscoverer();

    /** Per handler method: the names it reads, or empty when it takes any (a map of parameters). */
    private final Map<Method, Optional<Set<String>>> known = new ConcurrentHashMap<>();
    /** Per handler method: the names it reads that take one value (not a list). */
    private final Map<Method, Set<String>> single = new ConcurrentHashMap<>();

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        // OPTIONS only describes the path; its handler is Spring's own, which reads no parameter of the call's
        if (!(handler instanceof HandlerMethod method) || request.getQueryString() == null
                || "OPTIONS".equals(request.getMethod())) {
            return true;
        }
        Optional<Set<String>> names = known.computeIfAbsent(method.getMethod(), m -> namesOf(method));
        if (names.isEmpty()) {
            return true;
        }
        Set<String> once = single.computeIfAbsent(method.getMethod(), m -> singleValued(method));
        Set<String> seen = new HashSet<>();
        for (QueryString.Param param : parse(request.getQueryString())) {
            if (!names.get().contains(param.name())) {
                throw new WsaException(WsaError.WSAEINVAL, "Unknown query parameter '" + param.name() + "'"
                        + (names.get().isEmpty() ? "; this call takes none" : Suggestions.hint(param.name(), names.get())));
            }
            if (!seen.add(param.name()) && once.contains(param.name())) {
                throw new WsaException(WsaError.WSAEINVAL, "Query parameter '" + param.name()
                        + "' is given more than once; it takes one value");
            }
        }
        return true;
    }

    /** The parameters a handler reads as one value: those of {@link #namesOf} that are neither lists nor arrays. */
    private static Set<String> singleValued(HandlerMethod method) {
        Set<String> names = new TreeSet<>();
        for (MethodParameter parameter : method.getMethodParameters()) {
            parameter.initParameterNameDiscovery(NAMES);
            RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
            Class<?> type = parameter.getParameterType();
            if (param == null || Map.class.isAssignableFrom(type) || Collection.class.isAssignableFrom(type)
                    || type.isArray()) {
                continue;
            }
            names.add(param.name().isEmpty() ? parameter.getParameterName() : param.name());
        }
        return Collections.unmodifiableSet(names);
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
