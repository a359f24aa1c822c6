package dev.brisk.auth;

import dev.brisk.platform.LiveSessions;
import org.springframework.stereotype.Component;

/** Whether a bearer token still stands for a live session, for work that outlives its request (SSE). */
@Component
class SessionCheck implements LiveSessions {

    private final AuthService auth;

    SessionCheck(AuthService auth) {
        this.auth = auth;
    }

    /** Usually a cache hit. */
    @Override
    public boolean isLive(String bearerToken) {
        return auth.resolve(bearerToken).isPresent();
    }
}
