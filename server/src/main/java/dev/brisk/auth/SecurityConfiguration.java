package dev.brisk.auth;

import dev.brisk.cache.EarlyHits;
import dev.brisk.platform.ProblemWriter;
import jakarta.servlet.DispatcherType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

@Configuration
class SecurityConfiguration {

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, AuthService auth, ProblemWriter problems, EarlyHits earlyHits) throws Exception {
        SecurityFilterChain chain = http
                .csrf(csrf -> csrf.disable()) // bearer tokens only; no cookies to ride on
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .requestCache(c -> c.disable())
                .addFilterBefore(new BearerTokenFilter(auth, problems), AnonymousAuthenticationFilter.class)
                // cached responses are answered right after authentication (cache.EarlyHits)
                .addFilterAfter(earlyHits.filter(), BearerTokenFilter.class)
                .authorizeHttpRequests(a -> a
                        // the request was authorized when it entered; async (SSE) and error dispatches re-enter
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/auth/login").permitAll()
                        .requestMatchers("/api/users", "/api/users/**").hasRole("ADMIN")
                        .requestMatchers("/api/monitoring/**").hasRole("ADMIN")
                        .requestMatchers("/api/**").authenticated()
                        .anyRequest().permitAll())
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, ex) -> {
                            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
                            problems.write(response, HttpStatus.UNAUTHORIZED, "Authentication required");
                        })
                        .accessDeniedHandler((request, response, ex) ->
                                problems.write(response, HttpStatus.FORBIDDEN, "This needs the ADMIN role")))
                .build();
        earlyHits.authorizeWith(chain); // by this chain's own rules
        return chain;
    }
}
