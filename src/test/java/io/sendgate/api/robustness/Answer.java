package io.sendgate.api.robustness;

import java.util.Locale;
import java.util.Map;

/** An answer: status -1 and {@code failure} when none came. Header names are in lower case. */
record Answer(int status, Map<String, String> headers, String body, long millis, String failure) {
    static Answer none(String body, long millis, String failure) {
        return new Answer(-1, Map.of(), body, millis, failure);
    }

    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    String contentType() {
        return headers.getOrDefault("content-type", "");
    }
}
