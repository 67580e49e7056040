package io.sendgate.api;

import org.springframework.beans.TypeMismatchException;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import java.util.Arrays;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * A query, path or header value that does not convert to what the call takes, e.g. "Query parameter
 * 'overlapped' must be true or false, not 'a,b'", instead of Spring's sentence (which for a repeated
 * parameter showed the array's identity, {@code [Ljava.lang.String;@19ef652}).
 */
final class ParameterErrors {
    private ParameterErrors() {
    }

    static String describe(TypeMismatchException ex) {
        String name = ex.getPropertyName() == null ? "?" : ex.getPropertyName();
        Class<?> expected = ex.getRequiredType();
        String kind = "Parameter";
        if (ex instanceof MethodArgumentTypeMismatchException argument) {
            name = argument.getName();
            kind = kindOf(argument.getParameter());
            expected = elementType(argument.getParameter(), expected);
        }
        return kind + " '" + name + "' must be " + ExpectedValues.of(expected) + ", not '" + given(ex.getValue()) + "'";
    }

    private static String kindOf(MethodParameter parameter) {
        if (parameter.hasParameterAnnotation(PathVariable.class)) {
            return "Path parameter";
        }
        if (parameter.hasParameterAnnotation(RequestHeader.class)) {
            return "Header";
        }
        return "Query parameter";
    }

    /** A list parameter ({@code ?operationId=1&operationId=x}) fails on one of its items. */
    private static Class<?> elementType(MethodParameter parameter, Class<?> required) {
        if (required != null && (Collection.class.isAssignableFrom(required) || required.isArray())) {
            Class<?> element = ResolvableType.forMethodParameter(parameter).asCollection().resolveGeneric(0);
            if (required.isArray()) {
                element = required.getComponentType();
            }
            return element == null ? String.class : element;
        }
        return required;
    }

    private static String given(Object value) {
        if (value instanceof Object[] values) {
            return Arrays.stream(values).map(String::valueOf).collect(Collectors.joining(","));
        }
        if (value instanceof Collection<?> values) {
            return values.stream().map(String::valueOf).collect(Collectors.joining(","));
        }
        return String.valueOf(value);
    }
}
