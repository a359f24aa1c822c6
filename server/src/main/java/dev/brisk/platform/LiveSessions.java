package dev.brisk.platform;

/**
 * Whether a bearer token still stands for a live session, for work that outlives its request (SSE).
 * Here rather than in auth so that monitoring can ask without depending on auth (which itself uses
 * the monitoring and cache modules).
 */
public interface LiveSessions {

    /** False once the token is revoked or expired or its user disabled. */
    boolean isLive(String bearerToken);

    /** The token of an {@code Authorization: Bearer …} header. */
    static String token(String authorizationHeader) {
        return authorizationHeader.substring("Bearer ".length()).strip();
    }
}
