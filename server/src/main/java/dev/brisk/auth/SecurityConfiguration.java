package dev.brisk.auth;

import dev.brisk.cache.EarlyHits;
import dev.brisk.platform.ProblemWriter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

@Configuration
class SecurityConfiguration {

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /** The default firewall, with its per-header regular expressions replaced by the same rules as loops. */
    @Bean
    StrictHttpFirewall httpFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderNames(FirewallCharacters.NAMES);
        firewall.setAllowedHeaderValues(FirewallCharacters.HEADER_VALUES);
        firewall.setAllowedParameterNames(FirewallCharacters.NAMES);
        return firewall;
    }

    /** The chain and the early answers (cache.EarlyHits) check requests with the same firewall. */
    @Bean
    WebSecurityCustomizer firewall(StrictHttpFirewall firewall) {
        return web -> web.httpFirewall(firewall);
    }

    @Bean
    SecurityFilterChain api(
            HttpSecurity http,
            AuthService auth,
            ProblemWriter problems,
            EarlyHits earlyHits,
            StrictHttpFirewall firewall,
            @Value("${management.server.port:}") String managementPort)
            throws Exception {
        AuthorizationManager<RequestAuthorizationContext> operatorOrManagementPort =
                (authentication, context) -> new AuthorizationDecision(
                        onManagementPort(context.getRequest(), managementPort) || isOperator(authentication.get()));
        BearerTokenFilter bearer = new BearerTokenFilter(auth, problems);
        SecurityFilterChain chain = http.csrf(csrf -> csrf.disable()) // bearer tokens only; no cookies to ride on
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .requestCache(c -> c.disable())
                .headers(h -> h.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                        .frameOptions(f -> f.deny()))
                .addFilterBefore(bearer, AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a
                        // the request was authorized when it entered; async (SSE) and error dispatches re-enter
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR)
                        .permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/auth/login")
                        .permitAll()
                        .requestMatchers("/api/auth/**")
                        .authenticated()
                        // the platform's own operations: never an organization's ADMIN
                        .requestMatchers("/api/monitoring", "/api/monitoring/**")
                        .hasRole("OPERATOR")
                        .requestMatchers("/api/users", "/api/users/**")
                        .hasRole("ADMIN")
                        // tenant data: an operator belongs to no tenant and reads none
                        .requestMatchers("/api/**")
                        .hasAnyRole("ADMIN", "MEMBER")
                        // probes stay open; /actuator/health shows details to operators only (properties)
                        .requestMatchers("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")
                        .permitAll()
                        .requestMatchers("/actuator", "/actuator/**")
                        .access(operatorOrManagementPort)
                        .anyRequest()
                        .permitAll())
                .exceptionHandling(e -> e.authenticationEntryPoint((request, response, ex) -> {
                            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
                            problems.write(response, HttpStatus.UNAUTHORIZED, "Authentication required");
                        })
                        .accessDeniedHandler((request, response, ex) ->
                                problems.write(response, HttpStatus.FORBIDDEN, forbidden(request.getRequestURI()))))
                .build();
        // cached responses are answered before this chain, by its own rules, firewall, headers and authentication
        earlyHits.answerBefore(chain, firewall, bearer::authenticate);
        return chain;
    }

    /**
     * Pages load scripts, styles and images from Brisk itself only (no inline script, no inline
     * handler), talk to Brisk only, and cannot be framed.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    private static String forbidden(String path) {
        if (path.startsWith("/api/monitoring") || path.startsWith("/actuator")) {
            return "This needs the OPERATOR role (a platform operator, not an organization's ADMIN)";
        }
        if (path.startsWith("/api/users")) {
            return "This needs the ADMIN role";
        }
        return "This needs an organization's ADMIN or MEMBER role";
    }

    private static boolean isOperator(Authentication authentication) {
        return authentication != null
                && authentication.getAuthorities().stream().anyMatch(a -> "ROLE_OPERATOR".equals(a.getAuthority()));
    }

    /** With management.server.port set, actuator has a port of its own, reachable only where the deployment allows. */
    private static boolean onManagementPort(HttpServletRequest request, String managementPort) {
        return !managementPort.isBlank()
                && Integer.toString(request.getLocalPort()).equals(managementPort.strip());
    }
}
