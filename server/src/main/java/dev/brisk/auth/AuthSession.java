package dev.brisk.auth;

import dev.brisk.platform.Caller;
import java.time.Instant;

/**
 * What a live token resolves to: the caller, when the token stops being valid, and the user as
 * {@code GET /api/auth/me} shows it. The user is read with the session (same row, same statement)
 * and cached with it; every change to a users row evicts that user's sessions (TokenCache), so it
 * is as fresh as the caller's role. It is null in entries cached before it existed.
 */
record AuthSession(Caller caller, Instant expiresAt, UserView user) {}
