package dev.brisk.platform;

import java.util.Set;

/**
 * A committed change announced by the database (channel {@code brisk_changes}), or a gap in what
 * this node heard. When {@code all} is true the receiver must assume that anything may have
 * changed: the statement touched too many orgs to list, or the listening connection was lost and
 * notifications may have been missed.
 *
 * @param table the table written, or null for a gap
 * @param orgs organizations whose rows changed
 * @param users users whose row or sessions changed (tables users and sessions)
 * @param seq    the statement's number from {@code brisk_change_seq}: unique, growing, the same on
 *               every node that hears it (0 for a gap)
 */
public record DatabaseChange(String table, Set<Long> orgs, Set<Long> users, boolean all, long seq) {

    public static DatabaseChange gap() {
        return new DatabaseChange(null, Set.of(), Set.of(), true, 0);
    }

    public boolean affects(long orgId) {
        return all || orgs.contains(orgId);
    }
}
