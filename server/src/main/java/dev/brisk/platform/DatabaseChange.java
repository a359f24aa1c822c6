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
 * @param all    every org may be affected (too many to list, or a gap)
 * @param seq    the statement's number from {@code brisk_change_seq}: unique, growing, the same on
 *               every node that hears it (0 for a gap)
 * @param rows   the ids whose details the statement made stale (for order_items: their orders'
 *               ids); empty when the table has none or {@code wide} is set
 * @param wide   too many rows to list: every row of the table in the named orgs may have changed
 * @param inserted the statement only inserted rows: no row that existed before it changed
 */
public record DatabaseChange(
        String table,
        Set<Long> orgs,
        Set<Long> users,
        boolean all,
        long seq,
        Set<Long> rows,
        boolean wide,
        boolean inserted) {

    /** A change that may have touched existing rows. */
    public DatabaseChange(
            String table, Set<Long> orgs, Set<Long> users, boolean all, long seq, Set<Long> rows, boolean wide) {
        this(table, orgs, users, all, seq, rows, wide, false);
    }

    /** A change without row ids (users, sessions, the dashboard's refresh). */
    public DatabaseChange(String table, Set<Long> orgs, Set<Long> users, boolean all, long seq) {
        this(table, orgs, users, all, seq, Set.of(), false);
    }

    public static DatabaseChange gap() {
        return new DatabaseChange(null, Set.of(), Set.of(), true, 0);
    }

    public boolean affects(long orgId) {
        return all || orgs.contains(orgId);
    }
}
