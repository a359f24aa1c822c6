package dev.brisk.cache;

import dev.brisk.monitoring.RequestStats;
import dev.brisk.platform.Caller;
import dev.brisk.platform.DatabaseOutage;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API response cache, for handlers marked {@link CachedResponse}. A hit is answered by
 * {@link EarlyHits} before the security chain, by that chain's rules (or, for a request
 * EarlyHits did not look at, here in Spring MVC before the handler runs): 200 from the
 * cache, or 304 when the client's ETag matches, with no SQL at all on a warm cache; a miss lets the
 * handler run, then serializes its result once, stores the bytes and writes them. Errors are never
 * cached. A read that must see a change this node has not heard yet (the caller's own write:
 * {@link WriteFence}, {@link ReadYourWrites}) waits for it briefly, else bypasses the cache.
 * Server-Timing says why a read bypassed: {@code api=bypass-own} (the caller's own change not heard
 * yet) or {@code api=bypass-listen} (the LISTEN connection is down, so any change may be unheard).
 */
@ControllerAdvice
class ResponseCache implements HandlerInterceptor, ResponseBodyAdvice<Object> {

    private static final String KEY = ResponseCache.class.getName() + ".key";
    private static final String LOOKED_UP = ResponseCache.class.getName() + ".lookedUp";
    private static final String CACHE_CONTROL = "private, no-cache";
    /** The key of a response with every tier off: nothing to look up or store, but it is answered with its ETag (and 304) all the same. */
    private static final CacheKey UNSTORED = CacheKey.global(CacheNamespace.API, "unstored");

    private final TieredCache cache;
    private final Generations generations;
    private final JsonMapper json;
    private final WriteFence fence;
    private final ChangeClock clock;
    private final ReadYourWrites readYourWrites;
    private final WriteAcknowledgement acknowledgement;
    private final DatabaseOutage outage;

    ResponseCache(
            TieredCache cache,
            Generations generations,
            JsonMapper json,
            WriteFence fence,
            ChangeClock clock,
            ReadYourWrites readYourWrites,
            WriteAcknowledgement acknowledgement,
            DatabaseOutage outage) {
        this.outage = outage;
        this.cache = cache;
        this.generations = generations;
        this.json = json;
        this.fence = fence;
        this.clock = clock;
        this.readYourWrites = readYourWrites;
        this.acknowledgement = acknowledgement;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws IOException {
        Caller caller = caller();
        if (caller == null) {
            return true;
        }
        if (!"GET".equals(request.getMethod())) {
            ChangeNumbers.start();
            request.setAttribute(WriteAcknowledgement.WRITE, caller.userId());
            return true;
        }
        if (request.getAttribute(LOOKED_UP) != null
                || !(handler instanceof HandlerMethod method)
                || !method.hasMethodAnnotation(CachedResponse.class)) {
            return true; // not cached, or EarlyHits looked it up already (a miss, or a fenced read)
        }
        return !serve(request, response, caller, method);
    }

    /**
     * Answers a GET of a {@link CachedResponse} handler from the cache (200 or 304) and returns
     * true, or returns false when the handler must run: the caller's own write is not heard yet, or
     * no tier has it (the key is then kept on the request for {@link #beforeBodyWrite} to store under).
     */
    boolean serve(HttpServletRequest request, HttpServletResponse response, Caller caller, HandlerMethod method)
            throws IOException {
        request.setAttribute(LOOKED_UP, Boolean.TRUE);
        if (outage.changesMayGoUnheard()) {
            report("bypass-listen");
            return false; // the LISTEN connection is down: a change may have committed unheard
        }
        // the caller's own last write (this node's fence, or the number the client sent back) first
        long awaited = Math.max(fence.awaited(caller.userId()), ReadYourWrites.requested(request));
        if (awaited > 0 && !clock.awaitHeard(awaited, readYourWrites.waitNanos())) {
            report("bypass-own");
            return false;
        }
        if (!cache.enabled()) {
            request.setAttribute(KEY, UNSTORED); // no generations, key hash or lookup for a cache that holds nothing
            return false;
        }
        CacheKey key = key(caller.orgId(), method.getMethodAnnotation(CachedResponse.class), request, method);
        if (key == null) {
            return false;
        }
        Optional<StoredResponse> hit = cache.getIfPresent(key, StoredResponse.class);
        if (hit.isEmpty()) {
            request.setAttribute(KEY, key);
            return false;
        }
        if (!accepts(request.getHeader(HttpHeaders.ACCEPT), hit.get().contentType())) {
            return false; // the handler runs and MVC's content negotiation answers (406), as on a miss
        }
        write(hit.get(), request, response);
        return true;
    }

    /** Whether an Accept header admits the stored type; a header that does not parse is left to MVC. */
    static boolean accepts(String accept, String contentType) {
        if (accept == null || accept.isBlank() || accept.equals("*/*")) {
            return true;
        }
        try {
            MediaType stored = MediaType.parseMediaType(contentType);
            return MediaType.parseMediaTypes(accept).stream().anyMatch(m -> m.isCompatibleWith(stored));
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    /** False with every tier off: then there is nothing to answer early, and no lookup to save. */
    boolean enabled() {
        return cache.enabled();
    }

    @Override
    public void afterCompletion(
            HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
        acknowledgement.end(request, response, ex != null || response.getStatus() >= 400);
    }

    private static void report(String outcome) {
        RequestStats stats = RequestStats.current();
        if (stats != null) {
            stats.cacheOutcome(CacheNamespace.API.prefix(), outcome);
        }
    }

    private static Caller caller() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.getPrincipal() instanceof Caller caller ? caller : null;
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return returnType.hasMethodAnnotation(CachedResponse.class);
    }

    @Override
    public Object beforeBodyWrite(
            Object body,
            MethodParameter returnType,
            MediaType contentType,
            Class<? extends HttpMessageConverter<?>> converterType,
            ServerHttpRequest request,
            ServerHttpResponse response) {
        if (body == null
                || !(request instanceof ServletServerHttpRequest servletRequest)
                || !(response instanceof ServletServerHttpResponse servletResponse)
                || !(servletRequest.getServletRequest().getAttribute(KEY) instanceof CacheKey key)
                || servletResponse.getServletResponse().getStatus() != 200) {
            return body;
        }
        byte[] bytes = json.writeValueAsBytes(body);
        StoredResponse stored = new StoredResponse(bytes, etag(bytes), MediaType.APPLICATION_JSON_VALUE);
        if (key != UNSTORED) {
            cache.putFresh(key, stored);
        }
        try {
            write(stored, servletRequest.getServletRequest(), servletResponse.getServletResponse());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return null; // written above: nothing left for the message converter
    }

    /** Null when the path's id is not a number: the handler answers that, uncached. */
    private CacheKey key(long orgId, CachedResponse cached, HttpServletRequest request, HandlerMethod method) {
        List<Object> parts = new ArrayList<>(cached.tables().length + cached.joins().length + cached.rows().length + 1);
        for (String table : cached.tables()) {
            parts.add(generations.of(CacheNamespace.API, orgId, table));
        }
        for (String table : cached.joins()) {
            parts.add(generations.ofExisting(CacheNamespace.API, orgId, table));
        }
        if (cached.rows().length > 0) {
            long id = pathId(request);
            if (id < 0) {
                return null;
            }
            for (String table : cached.rows()) {
                parts.add(generations.ofRow(CacheNamespace.API, orgId, table, id));
            }
        }
        parts.add(RequestKeys.normalized(request, method));
        return CacheKey.of(CacheNamespace.API, orgId, parts.toArray());
    }

    private static long pathId(HttpServletRequest request) {
        if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables
                && variables.get("id") instanceof String text) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }

    private static void write(StoredResponse stored, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        response.setHeader(HttpHeaders.ETAG, stored.etag());
        response.setHeader(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL);
        response.setHeader(HttpHeaders.VARY, HttpHeaders.AUTHORIZATION);
        if (matches(request.getHeader(HttpHeaders.IF_NONE_MATCH), stored.etag())) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        response.setContentType(stored.contentType());
        response.setContentLength(stored.body().length);
        response.getOutputStream().write(stored.body());
    }

    /** RFC 9110 weak comparison: {@code *}, or any listed tag equal once {@code W/} is ignored. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.strip();
            if (tag.equals("*") || (tag.startsWith("W/") ? tag.substring(2) : tag).equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private static String etag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return '"'
                    + Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(digest)
                            .substring(0, 22)
                    + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
