package io.sendgate.api;

import io.sendgate.core.WsaError;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.exc.UnexpectedEndOfInputException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JSON body that could not become the call's request, explained from the structure of Jackson's
 * exception (field path, target type, token, location) rather than its message, which names Java types.
 * A body that is not JSON at all is WSAEFAULT; a field with a wrong value or type, or one the call does not
 * know, is WSAEINVAL; inside a send's buffer descriptions, a wrong value is WSAEFAULT (C29).
 */
final class JsonBodyErrors {
    private static final Pattern COERCED_NUMBER = Pattern.compile("^Numeric value \\((.+?)\\) out of range");

    private JsonBodyErrors() {
    }

    static ProblemDetail describe(HttpMessageNotReadableException ex) {
        JacksonException json = Problems.causeOfType(ex, JacksonException.class);
        if (json == null) {
            return Problems.causeOfType(ex, IOException.class) != null
                    ? problem(WsaError.WSAEFAULT, brokeOff())
                    : problem(WsaError.WSAEFAULT, "The request body is missing; this call takes a JSON object");
        }
        if (json instanceof UnrecognizedPropertyException unknown) {
            List<String> known = unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
            List<JacksonException.Reference> where = unknown.getPath();
            String parent = where.isEmpty() ? "" : path(where.subList(0, where.size() - 1));
            return problem(WsaError.WSAEINVAL,
                    unknownField(unknown.getPropertyName(), parent, Suggestions.hint(unknown.getPropertyName(), known)));
        }
        if (json instanceof InvalidFormatException invalid) {
            return mismatch(invalid, invalid.getTargetType(), quoted(invalid.getValue()));
        }
        if (json instanceof MismatchedInputException mismatched) {
            if (String.valueOf(mismatched.getOriginalMessage()).startsWith("Trailing token")) {
                // a second value after the body's one (FAIL_ON_TRAILING_TOKENS): the body is not one JSON value
                return problem(WsaError.WSAEFAULT, "The request body goes on after its JSON object" + at(json));
            }
            if (mismatched.getCurrentToken() == null) {
                return problem(WsaError.WSAEFAULT, "The request body has no JSON value" + at(json));
            }
            return mismatch(mismatched, mismatched.getTargetType(), tokenWords(mismatched.getCurrentToken()));
        }
        if (json instanceof InputCoercionException coercion) {
            Matcher number = COERCED_NUMBER.matcher(String.valueOf(coercion.getOriginalMessage()));
            return mismatch(coercion, coercion.getTargetType(), number.find() ? number.group(1) : null);
        }
        if (json instanceof UnexpectedEndOfInputException) {
            return problem(WsaError.WSAEFAULT, "The request body ends before its JSON does" + at(json));
        }
        if (json instanceof StreamConstraintsException) {
            return problem(WsaError.WSAEINVAL, "The request body has a number, text, name or nesting longer or deeper "
                    + "than this service reads" + at(json));
        }
        if (json instanceof JacksonIOException) {
            return problem(WsaError.WSAEFAULT, brokeOff());
        }
        if (json instanceof StreamReadException read) {
            String duplicate = duplicateName(read);
            if (duplicate != null) {
                return problem(WsaError.WSAEINVAL, repeatedField(duplicate, "", where(json)));
            }
            String why = PlainText.of(read.getOriginalMessage());
            return problem(WsaError.WSAEFAULT, "The request body is not JSON" + (why == null ? "" : ": " + why) + at(json));
        }
        String where = path(json.getPath());
        return problem(WsaError.WSAEINVAL, where.isEmpty() ? "The request body is not what this call takes"
                : "'" + where + "' has a value this call cannot take");
    }

    /*
     * The faults that a send's own reader (JsonSendReader, JsonScanner) finds too, worded here for both.
     */

    /** @param hint ends the sentence: what the caller may have meant, or the names there are */
    static String unknownField(String name, String parent, String hint) {
        return "Unknown field '" + name + "'" + (parent.isEmpty() ? "" : " in " + parent) + hint;
    }

    /** @param name empty when the parser did not say which */
    static String repeatedField(String name, String parent, String where) {
        return (name.isEmpty() ? "A field" : "The field '" + name + "'") + (parent.isEmpty() ? "" : " in " + parent)
                + " appears more than once" + (where.isEmpty() ? "" : " (" + where + ")");
    }

    static String notUtf8(String where, String why) {
        return "The body is not valid UTF-8 at " + where + ": " + why;
    }

    static String brokeOff() {
        return "The request body broke off before its end (the connection closed, or it was shorter than announced)";
    }

    private static ProblemDetail mismatch(JacksonException e, Class<?> target, String given) {
        String where = path(e.getPath());
        String subject = where.isEmpty() ? "The request body" : "'" + where + "'";
        String sentence = subject + " must be " + ExpectedValues.of(target) + (given == null ? "" : ", not " + given);
        boolean bufferDescription = where.isEmpty() ? target == SendRequest.class
                : "buffers".equals(e.getPath().get(0).getPropertyName());
        return problem(bufferDescription ? WsaError.WSAEFAULT : WsaError.WSAEINVAL, sentence);
    }

    /** Jackson checks duplicates while it reads a name, so the parser's current name is the repeated one. */
    private static String duplicateName(StreamReadException e) {
        String message = String.valueOf(e.getOriginalMessage());
        if (!message.startsWith("Duplicate ")) {
            return null;
        }
        JsonParser parser = e.processor();
        return parser != null && parser.currentName() != null ? parser.currentName() : "";
    }

    private static String quoted(Object value) {
        if (value == null) {
            return "null";
        }
        return value instanceof Number || value instanceof Boolean ? String.valueOf(value) : "'" + value + "'";
    }

    private static String tokenWords(JsonToken token) {
        return switch (token) {
            case START_OBJECT, END_OBJECT, PROPERTY_NAME -> "an object";
            case START_ARRAY, END_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "an integer";
            case VALUE_NUMBER_FLOAT -> "a number with a fraction";
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            case VALUE_NULL -> "null";
            default -> "another kind of value";
        };
    }

    /** {@code buffers[0].text}: property names joined by dots, list positions in brackets. */
    static String path(List<JacksonException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference r : references) {
            if (r.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(r.getPropertyName());
            } else if (r.getIndex() >= 0) {
                path.append('[').append(r.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String at(JacksonException e) {
        String where = where(e);
        return where.isEmpty() ? "" : " (" + where + ")";
    }

    private static String where(JacksonException e) {
        TokenStreamLocation where = e.getLocation();
        if (where == null || where.getLineNr() < 1) {
            return "";
        }
        return "line " + where.getLineNr() + ", column " + where.getColumnNr();
    }

    private static ProblemDetail problem(WsaError error, String detail) {
        return Problems.of(HttpStatus.BAD_REQUEST, error, detail);
    }
}
