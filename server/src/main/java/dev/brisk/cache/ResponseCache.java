package dev.brisk.cache;

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
import java.util.Optional;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
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
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API response cache, for handlers marked {@link CachedResponse}. It runs inside Spring MVC,
 * so after authentication: a hit answers from the cache before the handler runs (or 304 when the
 * client's ETag matches), with no SQL at all on a warm cache; a miss lets the handler run, then
 * serializes its result once, stores the bytes and writes them. Errors are never cached. A write
 * fences its user's responses until this node has heard the write's change ({@link WriteFence}).
 */
@ControllerAdvice
class ResponseCache implements HandlerInterceptor, ResponseBodyAdvice<Object> {

    private static final String KEY = ResponseCache.class.getName() + ".key";
    private static final String WRITE = ResponseCache.class.getName() + ".write";
    private static final String CACHE_CONTROL = "private, no-cache";

    private final TieredCache cache;
    private final Generations generations;
    private final JsonMapper json;
    private final WriteFence fence;
    private final DatabaseOutage outage;

    ResponseCache(TieredCache cache, Generations generations, JsonMapper json, WriteFence fence, DatabaseOutage outage) {
        this.outage = outage;
        this.cache = cache;
        this.generations = generations;
        this.json = json;
        this.fence = fence;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws IOException {
        Caller caller = caller();
        if (caller == null) {
            return true;
        }
        if (!"GET".equals(request.getMethod())) {
            fence.writeStarted(caller.userId());
            request.setAttribute(WRITE, caller.userId());
            return true;
        }
        if (!(handler instanceof HandlerMethod method) || !method.hasMethodAnnotation(CachedResponse.class)
                || fence.bypass(caller.userId(), caller.orgId()) || outage.changesMayGoUnheard()) {
            return true;
        }
        CacheKey key = key(caller.orgId(), method.getMethodAnnotation(CachedResponse.class).tables(), request);
        Optional<StoredResponse> hit = cache.getIfPresent(key, StoredResponse.class);
        if (hit.isEmpty()) {
            request.setAttribute(KEY, key);
            return true;
        }
        write(hit.get(), request, response);
        return false;
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
        if (request.getAttribute(WRITE) instanceof Long userId) {
            fence.writeEnded(userId, ex != null || response.getStatus() >= 400);
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
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
                                  Class<? extends HttpMessageConverter<?>> converterType,
                                  ServerHttpRequest request, ServerHttpResponse response) {
        if (body == null || !(request instanceof ServletServerHttpRequest servletRequest)
                || !(response instanceof ServletServerHttpResponse servletResponse)
                || !(servletRequest.getServletRequest().getAttribute(KEY) instanceof CacheKey key)
                || servletResponse.getServletResponse().getStatus() != 200) {
            return body;
        }
        byte[] bytes = json.writeValueAsBytes(body);
        StoredResponse stored = new StoredResponse(bytes, etag(bytes), MediaType.APPLICATION_JSON_VALUE);
        cache.putFresh(key, stored);
        try {
            write(stored, servletRequest.getServletRequest(), servletResponse.getServletResponse());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return null; // written above: nothing left for the message converter
    }

    private CacheKey key(long orgId, String[] tables, HttpServletRequest request) {
        List<Object> parts = new ArrayList<>(tables.length + 2);
        for (String table : tables) {
            parts.add(generations.of(CacheNamespace.API, orgId, table));
        }
        parts.add(request.getRequestURI());
        parts.add(request.getQueryString() == null ? "" : request.getQueryString());
        return CacheKey.of(CacheNamespace.API, orgId, parts.toArray());
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
            return '"' + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22) + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
