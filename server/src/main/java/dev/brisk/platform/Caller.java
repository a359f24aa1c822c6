package dev.brisk.platform;

/** The authenticated user behind a request; every business query is scoped by {@link #orgId()}. */
public record Caller(long userId, long orgId, String email, Role role) {

    public enum Role { ADMIN, MEMBER }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
