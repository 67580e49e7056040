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

    /** Per handler method, the query parameters it reads. */
    private final Map<Method, Taken> taken = new ConcurrentHashMap<>();

    /**
     * @param names  the names a handler reads, or null when it takes any (a map of parameters)
     * @param single those of them it reads as one value (neither a list nor an array)
     */
    private record Taken(Set<String> names, Set<String> single) {
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        // OPTIONS only describes the path; its handler is Spring's own, which reads no parameter of the call's
        if (!(handler instanceof HandlerMethod method) || request.getQueryString() == null
                || "OPTIONS".equals(request.getMethod())) {
            return true;
        }
        Taken t = taken.computeIfAbsent(method.getMethod(), m -> takenBy(method));
        if (t.names() == null) {
            return true;
        }
        Set<String> seen = new HashSet<>();
        // the edge filter refused a malformed query before any handler was chosen
        for (QueryString.Param param : QueryString.of(request)) {
            if (!t.names().contains(param.name())) {
                throw new WsaException(WsaError.WSAEINVAL, "Unknown query parameter '" + param.name() + "'"
                        + (t.names().isEmpty() ? "; this call takes none" : Suggestions.hint(param.name(), t.names())));
            }
            if (!seen.add(param.name()) && t.single().contains(param.name())) {
                throw new WsaException(WsaError.WSAEINVAL, "Query parameter '" + param.name()
                        + "' is given more than once; it takes one value");
            }
        }
        return true;
    }

    private static Taken takenBy(HandlerMethod method) {
        Set<String> names = new TreeSet<>();
        Set<String> single = new TreeSet<>();
        for (MethodParameter parameter : method.getMethodParameters()) {
            parameter.initParameterNameDiscovery(NAMES);
            RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
            Class<?> type = parameter.getParameterType();
            if (parameter.hasParameterAnnotation(ModelAttribute.class) || (param != null && Map.class.isAssignableFrom(type))) {
                return new Taken(null, Set.of());
            }
            String name;
            if (param != null && !param.name().isEmpty()) {
                name = param.name();
            } else if (param != null || (!boundBySpring(parameter) && BeanUtils.isSimpleProperty(type))) {
                // Spring binds a simple argument without a binding annotation as a request parameter too
                name = parameter.getParameterName();
            } else {
                continue;
            }
            names.add(name);
            if (param != null && !Collection.class.isAssignableFrom(type) && !type.isArray()) {
                single.add(name);
            }
        }
        return new Taken(Collections.unmodifiableSet(names), Collections.unmodifiableSet(single));
    }

    private static boolean boundBySpring(MethodParameter parameter) {
        return Arrays.stream(parameter.getParameterAnnotations())
                .anyMatch(a -> a.annotationType().getPackageName().startsWith("org.springframework."));
    }
}
