package dev.brisk.platform;

import java.time.Instant;

/** A row of a keyset-paginated list: its position is {@code (createdAt, id)}, which a record's components provide. */
public interface KeysetRow {

    long id();

    Instant createdAt();

    /** Where the next page starts after this row. */
    default Cursor position() {
        return Cursor.of(createdAt(), id());
    }
}
