package dev.brisk.dashboard;

import java.util.Set;

/**
 * The dashboard views were refreshed (by this node or another: it comes from the {@code brisk_changes}
 * notification the refresh sends on commit, so every node hears it). Cached dashboards of the
 * listed orgs, or of every org when {@code all}, are out of date. {@code seq} numbers the refresh
 * (the same on every node).
 */
public record DashboardRefreshed(Set<Long> orgs, boolean all, long seq) {

    public boolean affects(long orgId) {
        return all || orgs.contains(orgId);
    }
}
