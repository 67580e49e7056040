package io.sendgate.api.edge;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * C36: what a page of another site may not make this service do. A browser sends {@code Origin} with
 * every request that is not a plain GET or HEAD, and {@code Sec-Fetch-Site} with every request; curl and
 * test code send neither. So a request that changes anything and comes from a foreign origin is refused,
 * whatever its content type (the "simple" requests of CORS included), and so is every call of the API
 * from another site, reads and navigations included: a page could not read the answer anyway, but it
 * could hold a wait or an event stream (a popup navigated to {@code ?waitMs=300000} is enough). Typing
 * an API address in the browser's own address bar is no site at all ({@code Sec-Fetch-Site: none}) and
 * is answered. A foreign page may not frame this service's pages either: their own scripts would then
 * hold event streams (and their buttons could be clicked) on its behalf.
 */
public final class CrossSiteRequests {
    /** The destinations of a navigation into a frame ({@code Sec-Fetch-Dest}), not the browser's own window. */
    private static final Set<String> FRAMES = Set.of("iframe", "frame", "fencedframe", "embed", "object");

    private final Set<String> allowedOrigins;

    public CrossSiteRequests(List<String> allowedOrigins) {
        this.allowedOrigins = allowedOrigins.stream().map(CrossSiteRequests::normalised)
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * @param fetchDest {@code Sec-Fetch-Dest}: {@code document} for a top-level navigation, {@code iframe} and the
     *                  like for a frame
     * @param ownOrigin this request's own origin, {@code scheme://host[:port]} as it reached the service
     * @param api       whether the request is for the API (/api, the OpenAPI document)
     * @return null when allowed, otherwise why not
     */
    public String refusal(String method, String origin, String fetchSite, String fetchDest, String ownOrigin,
                          boolean api) {
        boolean changes = !("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method));
        if (origin != null) {
            String o = normalised(origin);
            if (o.equals(normalised(ownOrigin)) || allowedOrigins.contains(o)) {
                return null;
            }
            if (changes || api) {
                return "A page from " + origin.trim() + " may not " + (changes ? "change anything here" : "call this API")
                        + ". To allow that origin, add it to sendgate.allowed-origins";
            }
            return null;
        }
        boolean foreign = "cross-site".equalsIgnoreCase(fetchSite) || "same-site".equalsIgnoreCase(fetchSite);
        if (!foreign) {
            return null;
        }
        boolean framed = fetchDest != null && FRAMES.contains(fetchDest.toLowerCase(Locale.ROOT));
        if (changes || api || framed) {
            return "A request from another site (Sec-Fetch-Site: " + fetchSite + ") may not "
                    + (changes ? "change anything here" : api ? "call this API" : "show this service in a frame");
        }
        return null;
    }

    /** {@code scheme://host[:port]} in lower case, without a default port or a trailing slash. */
    static String normalised(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        if (o.endsWith("/")) {
            o = o.substring(0, o.length() - 1);
        }
        try {
            URI u = URI.create(o);
            if (u.getScheme() == null || u.getHost() == null) {
                return o;
            }
            int port = u.getPort();
            boolean defaultPort = port == -1 || "http".equals(u.getScheme()) && port == 80
                    || "https".equals(u.getScheme()) && port == 443;
            String host = u.getHost();
            return u.getScheme() + "://" + host + (defaultPort ? "" : ":" + port);
        } catch (IllegalArgumentException e) {
            return o;
        }
    }
}
