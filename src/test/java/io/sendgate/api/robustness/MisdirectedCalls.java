package io.sendgate.api.robustness;

import io.sendgate.api.robustness.Request.Kind;
import io.sendgate.api.robustness.Request.Shape;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/** Calls that do not exist, and methods a path does not take (C40). */
final class MisdirectedCalls {
    private final Dice dice;
    private final Model model;
    private final int port;

    MisdirectedCalls(Dice dice, Model model, int port) {
        this.dice = dice;
        this.model = model;
        this.port = port;
    }

    Request unknownPath() {
        String sock = model.sock;
        String path = dice.pick("/api/v1/socket", "/api/v1/sockets/" + sock + "/send",
                "/api/v1/sockets/" + sock + "/receive", "/api/v1/sockets/" + sock + "/expected",
                "/api/v1/sockets/" + sock + "/shutdown/now", "/api/v1/operations/1/bytes", "/api/v2/sockets", "/api",
                "/api/v1", "/api/v1/", "/API/V1/SOCKETS", "/api/v1/sockets/", "/api/v1/listeners/" + model.listener + "/accept/",
                "/actuator/env", "/actuator/health/nope", "/actuator/shutdown", "/nothing/here", "/api/v1/events/",
                "/api/v1/" + dice.randomWord(), "/" + dice.randomWord() + ".html", "/api/v1/sockets/" + sock + "/" + dice.randomWord(),
                "/api/v1/sockets/" + sock + "/sends/" + dice.randomWord(), "/v3/api-docs/" + dice.randomWord() + "/x",
                "/api/v1/operations/wait/all", "/error/x");
        String method = dice.pick("GET", "POST", "DELETE", "PUT", "PATCH");
        Request r = new Request(Kind.UNKNOWN_PATH, method, path);
        if (!method.equals("GET") && !method.equals("DELETE") && dice.nextBoolean()) {
            r.json("{}");
        }
        // actuator's health takes any path below it, for GET only
        boolean healthBelow = path.startsWith("/actuator/health/") && !method.equals("GET");
        return r.label("unknown-path").fails(healthBelow ? 405 : 404, "WSAEOPNOTSUPP");
    }

    Request wrongMethod() {
        String sock = model.sock;
        String[][] paths = {
                {"/api/v1/sockets", "GET,POST"},
                {"/api/v1/sockets/" + sock, "GET,DELETE"},
                {"/api/v1/sockets/" + sock + "/sends", "POST"},
                {"/api/v1/sockets/" + sock + "/sends/batch", "POST"},
                {"/api/v1/sockets/" + sock + "/receives", "POST"},
                {"/api/v1/operations/1/data", "GET"},
                {"/api/v1/sockets/" + sock + "/shutdown", "POST"},
                {"/api/v1/sockets/" + sock + "/cancel", "POST"},
                {"/api/v1/listeners", "GET,POST"},
                {"/api/v1/listeners/" + model.listener, "GET,DELETE"},
                {"/api/v1/listeners/" + model.listener + "/accept?timeoutMs=1", "POST"},
                {"/api/v1/operations/1", "GET"},
                {"/api/v1/operations/wait", "POST"},
                {"/api/v1/events", "GET"},
                {"/api/v1/session", "GET,POST,DELETE"},
                {"/actuator/health", "GET"}};
        String[] p = paths[dice.nextInt(paths.length)];
        Set<String> allowed = new HashSet<>(Arrays.asList(p[1].split(",")));
        String method;
        do {
            method = dice.pick("GET", "POST", "PUT", "PATCH", "DELETE", "BREW", "PROPFIND", "TRACE", "HEAD", "OPTIONS", "post");
        } while (allowed.contains(method) || (method.equals("HEAD") && allowed.contains("GET"))
                || (p[0].endsWith("/wait") && method.equals("GET")));
        Request r = new Request(Kind.WRONG_METHOD, method, p[0]);
        if (method.equals("TRACE")) {
            r.raw = r.bytes(port);
        }
        r.head = method.equals("HEAD");
        if (method.equals("OPTIONS")) {
            // answered with the methods the path takes, no body
            return r.succeeds(Shape.NONE);
        }
        if (!r.head && !method.equals("GET") && dice.nextBoolean()) {
            r.json("{\"how\":\"SD_BOTH\"}");
        }
        return r.label("wrong-method").fails(405, "WSAEOPNOTSUPP");
    }
}
