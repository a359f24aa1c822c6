package dev.brisk.auth;

import java.time.Instant;

/** A user as the API shows it; never carries the password hash. */
record UserView(
        long id,
        long orgId,
        String email,
        String name,
        String role,
        String status,
        Instant lastLoginAt,
        Instant createdAt,
        Instant updatedAt) {}
