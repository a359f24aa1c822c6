package dev.brisk.cache;

import dev.brisk.monitoring.RouteMonitor;
import dev.brisk.platform.Caller;
import dev.brisk.platform.RequestFilter;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Enumeration;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * Answers cached API responses before Spring Security's filter chain, from a servlet filter that
 * does only what a hit needs of that chain: the chain's own firewall (a request it would reject
 * goes to the chain, which rejects it), the bearer token resolved as {@code BearerTokenFilter}
 * resolves it (tiered token cache; the result is handed over, so a request that goes on is not
 * resolved twice), the chain's own {@link AuthorizationManager} (the very rules, no second copy),
 * and the chain's own {@link HeaderWriterFilter} around the answer (the same security headers,
 * written the same way). For a GET it finds the handler as Spring MVC would and lets
 * {@link ResponseCache} answer a hit or a 304 from the caller's organization's entries. Every
 * servlet filter ordered before the security chain still runs (request monitor, query monitor,
 * Server-Timing, HTTP metrics), and the route is named as MVC would name it; filters after the
 * chain and MVC's interceptors do not run for a hit (what they check, e.g. unknown parameters,
 * was checked when the entry was stored).
 *
 * <p>A GET handler whose controller is an {@link Answer} may answer the same way from what
 * authentication resolved (GET /api/auth/me from the cached session), after the same handler
 * lookup and authorization.
 *
 * <p>Anything else (no or an invalid token, another method, no cached or answering handler,
 * refused, rejected by the firewall) goes to the security chain untouched; a miss, a fenced read
 * or a declined answer goes on from inside the header writer (the chain then skips its own, which
 * has run), and a miss or fenced read is not looked up a second time in MVC.
 */
@Component
public final class EarlyHits {

    private final ResponseCache responses;
    private final RouteMonitor routes;
    private final ObjectProvider<RequestMappingHandlerMapping> mappings;
    private final Filter filter = new EarlyHitFilter();
    private volatile Chain security;
    private volatile RequestMappingHandlerMapping mapping;

    EarlyHits(
            ResponseCache responses,
            RouteMonitor routes,
            @Qualifier("requestMappingHandlerMapping") ObjectProvider<RequestMappingHandlerMapping> mappings) {
        this.responses = responses;
        this.routes = routes;
        this.mappings = mappings;
    }

    /**
     * A controller that can answer some of its GET handlers from the authenticated request alone,
     * with the bytes and headers its handler would produce. Declining (false) lets MVC run the handler.
     */
    public interface Answer {
        boolean answerEarly(
                HandlerMethod handler,
                HttpServletRequest request,
                HttpServletResponse response,
                Authentication authentication)
                throws IOException;
    }

    /**
     * The security chain's bearer authentication: the caller of a request that carries a valid
     * token, else empty. It remembers its result on the request, so the chain does not resolve the
     * token again.
     */
    public interface Authenticator {
        Optional<Authentication> authenticate(HttpServletRequest request);
    }

    /** What the early answer takes from the security chain: its rules, firewall, header writer and authentication. */
    private record Chain(
            AuthorizationManager<HttpServletRequest> rules,
            HttpFirewall firewall,
            HeaderWriterFilter headers,
            Authenticator authenticator) {}

    /** The servlet filter to register just before Spring Security's chain. Not a bean: registered by CacheConfiguration. */
    Filter filter() {
        return filter;
    }

    /**
     * Answers early by this chain's own rules, firewall, header writer and authentication; until
     * this is called nothing is answered early.
     */
    public void answerBefore(SecurityFilterChain chain, HttpFirewall firewall, Authenticator authenticator) {
        this.security = new Chain(
                only(chain, AuthorizationFilter.class).getAuthorizationManager(),
                firewall,
                only(chain, HeaderWriterFilter.class),
                authenticator);
    }

    private static <F> F only(SecurityFilterChain chain, Class<F> type) {
        return chain.getFilters().stream()
                .filter(type::isInstance)
                .map(type::cast)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the security chain has no " + type.getSimpleName()));
    }

    private final class EarlyHitFilter extends RequestFilter {

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            Chain c = security;
            if (c == null
                    || !"GET".equals(request.getMethod())
                    || request.getHeader(HttpHeaders.AUTHORIZATION) == null
                    || !responses.enabled()) {
                chain.doFilter(request, response);
                return;
            }
            FirewalledRequest checked;
            try {
                checked = c.firewall().getFirewalledRequest(request);
                readHeaders(checked); // so no header read later can be rejected half-way through an answer
            } catch (RequestRejectedException e) {
                chain.doFilter(request, response); // the chain rejects it, its usual way
                return;
            }
            try {
                Early early = decide(c, checked);
                if (early == null) {
                    chain.doFilter(request, response);
                    return;
                }
                HttpServletResponse out = c.firewall().getFirewalledResponse(response);
                c.headers().doFilter(checked, out, (req, res) -> {
                    if (!answer(early, checked, (HttpServletResponse) res)) {
                        // the chain's header writer has run (it skips itself now) and wraps the response
                        chain.doFilter(request, res);
                    }
                });
            } finally {
                checked.reset();
            }
        }

        /** The caller and handler of a request that may be answered early, or null. */
        private Early decide(Chain c, HttpServletRequest request) {
            Optional<Authentication> found = c.authenticator().authenticate(request);
            if (found.isEmpty() || !(found.get().getPrincipal() instanceof Caller caller)) {
                return null; // no or an invalid token: the chain answers (401, or anonymous)
            }
            Authentication authentication = found.get();
            HandlerMethod handler = handler(request);
            if (handler == null) {
                return null;
            }
            boolean cached = handler.hasMethodAnnotation(CachedResponse.class);
            Answer answer = !cached && handler.getBean() instanceof Answer a ? a : null;
            if (!cached && answer == null) {
                return null;
            }
            AuthorizationResult decision = c.rules().authorize(() -> authentication, request);
            if (decision == null || !decision.isGranted()) {
                return null; // the chain refuses it the usual way (403 problem+json)
            }
            return new Early(authentication, caller, handler, answer);
        }

        private boolean answer(Early early, HttpServletRequest request, HttpServletResponse response)
                throws IOException {
            SecurityContextHolder.getContext().setAuthentication(early.authentication());
            try {
                routes.preHandle(request, response, early.handler());
                return early.answer() != null
                        ? early.answer().answerEarly(early.handler(), request, response, early.authentication())
                        : responses.serve(request, response, early.caller(), early.handler());
            } finally {
                SecurityContextHolder.clearContext(); // the chain sets its own if the request goes on
            }
        }

        /** The handler method MVC will pick, or null (no match, or a mapping error MVC will report itself). */
        private HandlerMethod handler(HttpServletRequest request) {
            RequestMappingHandlerMapping m = mapping;
            if (m == null) {
                m = mappings.getIfAvailable();
                if (m == null) {
                    return null;
                }
                mapping = m;
            }
            if (!ServletRequestPathUtils.hasParsedRequestPath(request)) {
                ServletRequestPathUtils.parseAndCache(request);
            }
            try {
                HandlerExecutionChain found = m.getHandler(request);
                return found != null && found.getHandler() instanceof HandlerMethod method ? method : null;
            } catch (Exception e) {
                return null;
            }
        }
    }

    private record Early(Authentication authentication, Caller caller, HandlerMethod handler, Answer answer) {}

    /**
     * Reads every header through the firewall, which checks each as it is read. Not the parameters:
     * Tomcat's own refusal of a malformed query must reach Spring MVC as before, and nothing here
     * reads them (the cache key uses the query string; a lookup failure falls through).
     */
    private static void readHeaders(HttpServletRequest request) {
        for (Enumeration<String> names = request.getHeaderNames(); names.hasMoreElements(); ) {
            for (Enumeration<String> values = request.getHeaders(names.nextElement()); values.hasMoreElements(); ) {
                values.nextElement();
            }
        }
    }
}
