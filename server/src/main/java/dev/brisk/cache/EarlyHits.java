package dev.brisk.cache;

import dev.brisk.monitoring.RouteMonitor;
import dev.brisk.platform.Caller;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * Answers cached API responses at the earliest point that still authenticates and authorizes:
 * a filter placed in the security chain right after the bearer token is resolved (tiered auth
 * cache). For a GET it finds the handler as Spring MVC would, asks the security chain's own
 * {@link AuthorizationManager} (the very rules of the chain, so no second copy of them), and lets
 * {@link ResponseCache} answer a hit or a 304 from the caller's organization's entries. The rest
 * of the security chain, the DispatcherServlet, argument resolution and the MVC interceptors do
 * not run for a hit; everything outside the chain still does (request monitor, query monitor,
 * Server-Timing, security headers, HTTP metrics), and the route is named as MVC would name it.
 *
 * <p>A GET handler whose controller is an {@link Answer} may answer the same way from what
 * authentication resolved (GET /api/auth/me from the cached session), after the same handler
 * lookup and authorization.
 *
 * <p>Anything else (no caller, another method, no cached or answering handler, refused, fenced, a
 * miss, an answer declined) goes on down the chain unchanged; a miss or fenced read is not looked
 * up a second time in MVC.
 */
@Component
public final class EarlyHits {

    private final ResponseCache responses;
    private final RouteMonitor routes;
    private final ObjectProvider<RequestMappingHandlerMapping> mappings;
    private final Filter filter = new EarlyHitFilter();
    private volatile AuthorizationManager<HttpServletRequest> authorization;
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

    /** The filter to add to the security chain right after authentication. Not a bean: it runs in that chain only. */
    public Filter filter() {
        return filter;
    }

    /** Authorizes hits with the chain's own authorization rules; until this is called nothing is answered early. */
    public void authorizeWith(SecurityFilterChain chain) {
        this.authorization = chain.getFilters().stream()
                .filter(AuthorizationFilter.class::isInstance)
                .map(f -> ((AuthorizationFilter) f).getAuthorizationManager())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the security chain has no AuthorizationFilter"));
    }

    private final class EarlyHitFilter extends OncePerRequestFilter {

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (!answered(request, response)) {
                chain.doFilter(request, response);
            }
        }

        private boolean answered(HttpServletRequest request, HttpServletResponse response) throws IOException {
            AuthorizationManager<HttpServletRequest> rules = authorization;
            if (rules == null || !"GET".equals(request.getMethod()) || !responses.enabled()) {
                return false;
            }
            Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
            if (authentication == null || !(authentication.getPrincipal() instanceof Caller caller)) {
                return false;
            }
            HandlerMethod handler = handler(request);
            if (handler == null) {
                return false;
            }
            CachedResponse cached = handler.getMethodAnnotation(CachedResponse.class);
            Answer answer = cached == null && handler.getBean() instanceof Answer a ? a : null;
            if (cached == null && answer == null) {
                return false;
            }
            AuthorizationResult decision = rules.authorize(() -> authentication, request);
            if (decision == null || !decision.isGranted()) {
                return false; // the chain refuses it the usual way (403 problem+json)
            }
            routes.preHandle(request, response, handler);
            return answer != null
                    ? answer.answerEarly(handler, request, response, authentication)
                    : responses.serve(request, response, caller, handler);
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
}
