package dev.brisk.auth;

import dev.brisk.platform.Caller;
import dev.brisk.platform.ProblemWriter;
import dev.brisk.platform.RequestFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Resolves {@code Authorization: Bearer <token>} to a {@link dev.brisk.platform.Caller}. A
 * request without the header passes through unauthenticated (public pages; protected paths then
 * answer 401); a header with a bad, expired or revoked token is answered 401 here.
 */
class BearerTokenFilter extends RequestFilter {

    private static final String BEARER = "Bearer ";
    /** One immutable authority list per role, instead of a new one per request. */
    private static final Map<Caller.Role, List<GrantedAuthority>> AUTHORITIES = new EnumMap<>(Caller.Role.class);

    static {
        for (Caller.Role role : Caller.Role.values()) {
            AUTHORITIES.put(role, List.of(new SimpleGrantedAuthority("ROLE_" + role.name())));
        }
    }

    private static final String RESOLVED = BearerTokenFilter.class.getName() + ".resolved";

    private final AuthService auth;
    private final ProblemWriter problems;

    BearerTokenFilter(AuthService auth, ProblemWriter problems) {
        this.auth = auth;
        this.problems = problems;
    }

    /**
     * The caller of a request with a valid bearer token, else empty (no header, or a bad, expired
     * or revoked token). The result is kept on the request: the filter itself then uses it instead
     * of resolving the token a second time (cache.EarlyHits authenticates before the chain).
     */
    Optional<Authentication> authenticate(HttpServletRequest request) {
        Optional<AuthSession> session = session(request);
        return session == null ? Optional.empty() : session.map(BearerTokenFilter::authentication);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<AuthSession> session = session(request);
        if (session == null) {
            chain.doFilter(request, response);
            return;
        }
        if (session.isEmpty()) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
            problems.write(response, HttpStatus.UNAUTHORIZED, "The bearer token is invalid, expired or revoked");
            return;
        }
        SecurityContextHolder.getContext().setAuthentication(authentication(session.get()));
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    /** Null without an Authorization header; else the live session, resolved once per request. */
    @SuppressWarnings("OptionalAssignedToNull")
    private Optional<AuthSession> session(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            return null;
        }
        if (request.getAttribute(RESOLVED) instanceof Resolved resolved
                && resolved.header().equals(header)) {
            return resolved.session();
        }
        Optional<AuthSession> session = header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? auth.resolve(header.substring(BEARER.length()).strip())
                : Optional.empty();
        request.setAttribute(RESOLVED, new Resolved(header, session));
        return session;
    }

    private static Authentication authentication(AuthSession session) {
        var caller = session.caller();
        var authentication = new UsernamePasswordAuthenticationToken(caller, null, AUTHORITIES.get(caller.role()));
        authentication.setDetails(session); // GET /api/auth/me answers from it
        return authentication;
    }

    /** A token resolved for this request, with the header it came from. */
    private record Resolved(String header, Optional<AuthSession> session) {}
}
