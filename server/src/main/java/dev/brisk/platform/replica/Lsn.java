package dev.brisk.platform.replica;

/** A WAL position ({@code pg_lsn}, text {@code X/Y}) as an unsigned 64-bit number, so positions compare as longs. */
final class Lsn {

    private Lsn() {}

    static long parse(String text) {
        if (text == null) {
            return -1;
        }
        int slash = text.indexOf('/');
        return (Long.parseLong(text.substring(0, slash), 16) << 32) | Long.parseLong(text.substring(slash + 1), 16);
    }

    static String format(long lsn) {
        return lsn < 0
                ? null
                : Long.toHexString(lsn >>> 32).toUpperCase() + "/"
                        + Long.toHexString(lsn & 0xFFFFFFFFL).toUpperCase();
    }
}
