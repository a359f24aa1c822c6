package dev.brisk.auth;

import org.springframework.stereotype.Component;

/** Whether a bearer token still stands for a live session, for work that outlives its request (SSE). */
@Component
public class SessionCheck {

    private final AuthService auth;

    SessionCheck(AuthService auth) {
        this.auth = auth;
    }

    /** False once the token is revoked or expired or its user disabled; usually a cache hit. */
    public boolean isLive(String bearerToken) {
        return auth.resolve(bearerToken).isPresent();
    }

    /** The token of an {@code Authorization: Bearer …} header. */
    public static String token(String authorizationHeader) {
        return authorizationHeader.substring("Bearer ".length()).strip();
    }
}
