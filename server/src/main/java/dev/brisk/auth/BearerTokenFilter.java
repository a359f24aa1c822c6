package dev.brisk.auth;

import dev.brisk.platform.Caller;
import dev.brisk.platform.ProblemWriter;
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
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Resolves {@code Authorization: Bearer <token>} to a {@link dev.brisk.platform.Caller}. A
 * request without the header passes through unauthenticated (public pages; protected paths then
 * answer 401); a header with a bad, expired or revoked token is answered 401 here.
 */
class BearerTokenFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";
    /** One immutable authority list per role, instead of a new one per request. */
    private static final Map<Caller.Role, List<GrantedAuthority>> AUTHORITIES = new EnumMap<>(Caller.Role.class);

    static {
        for (Caller.Role role : Caller.Role.values()) {
            AUTHORITIES.put(role, List.of(new SimpleGrantedAuthority("ROLE_" + role.name())));
        }
    }

    private final AuthService auth;
    private final ProblemWriter problems;

    BearerTokenFilter(AuthService auth, ProblemWriter problems) {
        this.auth = auth;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            chain.doFilter(request, response);
            return;
        }
        Optional<AuthSession> session = header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? auth.resolve(header.substring(BEARER.length()).strip())
                : Optional.empty();
        if (session.isEmpty()) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
            problems.write(response, HttpStatus.UNAUTHORIZED, "The bearer token is invalid, expired or revoked");
            return;
        }
        var caller = session.get().caller();
        var authentication = new UsernamePasswordAuthenticationToken(caller, null, AUTHORITIES.get(caller.role()));
        authentication.setDetails(session.get()); // GET /api/auth/me answers from it
        SecurityContextHolder.getContext().setAuthentication(authentication);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
