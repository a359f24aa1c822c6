package dev.brisk.platform;

/** The authenticated user behind a request; every business query is scoped by {@link #orgId()}. */
public record Caller(long userId, long orgId, String email, Role role) {

    /** ADMIN and MEMBER belong to an organization; OPERATOR runs the platform and reads no tenant's data. */
    public enum Role {
        ADMIN,
        MEMBER,
        OPERATOR
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
