package dev.brisk.auth;

import dev.brisk.platform.Caller;
import java.time.Instant;

/** What a live token resolves to: the caller and when the token stops being valid. */
record AuthSession(Caller caller, Instant expiresAt) {}
