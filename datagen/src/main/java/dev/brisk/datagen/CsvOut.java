package dev.brisk.datagen;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.LocalDate;
import org.postgresql.copy.CopyIn;

/**
 * Writes CSV rows straight into a COPY ... FROM STDIN (FORMAT csv) stream through a 64 KiB
 * buffer: no temporary files, no per-row strings. Null is an unquoted empty field; text is quoted
 * only when it needs to be. Timestamps are written as UTC text from epoch microseconds.
 */
final class CsvOut implements AutoCloseable {

    private static final int CAPACITY = 1 << 16;

    private final CopyIn copy;
    private final byte[] buf = new byte[CAPACITY];
    private int pos;
    private boolean rowStart = true;
    private long rows;

    // "YYYY-MM-DD" of the last formatted day; timestamps arrive mostly in day order
    private long cachedDay = Long.MIN_VALUE;
    private final byte[] dayText = new byte[10];

    CsvOut(CopyIn copy) {
        this.copy = copy;
    }

    long rows() {
        return rows;
    }

    CsvOut num(long v) {
        sep();
        ensure(20);
        if (v == Long.MIN_VALUE) {
            put(Long.toString(v).getBytes(StandardCharsets.US_ASCII));
            return this;
        }
        if (v < 0) {
            buf[pos++] = '-';
            v = -v;
        }
        if (v < 10) {
            buf[pos++] = (byte) ('0' + v);
            return this;
        }
        int start = pos;
        while (v > 0) {
            buf[pos++] = (byte) ('0' + (v % 10));
            v /= 10;
        }
        for (int i = start, j = pos - 1; i < j; i++, j--) {
            byte t = buf[i];
            buf[i] = buf[j];
            buf[j] = t;
        }
        return this;
    }

    CsvOut nul() {
        sep();
        return this;
    }

    CsvOut text(String s) {
        sep();
        if (s == null) {
            return this;
        }
        boolean quote = s.isEmpty();
        boolean ascii = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                quote = true;
            } else if (c >= 128) {
                ascii = false;
            }
        }
        if (!quote && ascii) {
            ensure(s.length());
            for (int i = 0; i < s.length(); i++) {
                buf[pos++] = (byte) s.charAt(i);
            }
            return this;
        }
        byte[] bytes = (quote ? '"' + s.replace("\"", "\"\"") + '"' : s).getBytes(StandardCharsets.UTF_8);
        put(bytes);
        return this;
    }

    /** A timestamptz from microseconds since the epoch, or null when {@code micros} is {@link Long#MIN_VALUE}. */
    CsvOut ts(long micros) {
        if (micros == Long.MIN_VALUE) {
            return nul();
        }
        sep();
        ensure(32);
        long day = Math.floorDiv(micros, 86_400_000_000L);
        long inDay = micros - day * 86_400_000_000L;
        writeDay(day);
        buf[pos++] = ' ';
        long secs = inDay / 1_000_000;
        int frac = (int) (inDay % 1_000_000);
        two((int) (secs / 3600));
        buf[pos++] = ':';
        two((int) (secs / 60 % 60));
        buf[pos++] = ':';
        two((int) (secs % 60));
        buf[pos++] = '.';
        for (int d = 100_000; d > 0; d /= 10) {
            buf[pos++] = (byte) ('0' + frac / d % 10);
        }
        buf[pos++] = '+';
        buf[pos++] = '0';
        buf[pos++] = '0';
        return this;
    }

    /** A date from days since the epoch. */
    CsvOut date(long epochDay) {
        sep();
        ensure(10);
        writeDay(epochDay);
        return this;
    }

    void endRow() throws SQLException {
        ensure(1);
        buf[pos++] = '\n';
        rowStart = true;
        rows++;
        if (pos > CAPACITY - 4096) {
            flush();
        }
    }

    void flush() throws SQLException {
        if (pos > 0) {
            copy.writeToCopy(buf, 0, pos);
            pos = 0;
        }
    }

    /** Ends the COPY and returns the row count the server reports. */
    long finish() throws SQLException {
        flush();
        return copy.endCopy();
    }

    @Override
    public void close() throws SQLException {
        if (copy.isActive()) {
            copy.cancelCopy();
        }
    }

    private void writeDay(long day) {
        if (day != cachedDay) {
            byte[] text = LocalDate.ofEpochDay(day).toString().getBytes(StandardCharsets.US_ASCII);
            if (text.length != 10) {
                throw new IllegalArgumentException("date out of range: " + LocalDate.ofEpochDay(day));
            }
            System.arraycopy(text, 0, dayText, 0, 10);
            cachedDay = day;
        }
        System.arraycopy(dayText, 0, buf, pos, 10);
        pos += 10;
    }

    private void two(int v) {
        buf[pos++] = (byte) ('0' + v / 10);
        buf[pos++] = (byte) ('0' + v % 10);
    }

    private void sep() {
        if (rowStart) {
            rowStart = false;
        } else {
            ensure(1);
            buf[pos++] = ',';
        }
    }

    private void put(byte[] bytes) {
        if (bytes.length > CAPACITY / 2) {
            throw new IllegalArgumentException("field too long");
        }
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, pos, bytes.length);
        pos += bytes.length;
    }

    private void ensure(int n) {
        if (pos + n > CAPACITY) {
            try {
                flush();
            } catch (SQLException e) {
                throw new CopyFailed(e);
            }
        }
    }

    /** Unchecked carrier for a failure inside a field write; unwrapped by the loader. */
    static final class CopyFailed extends RuntimeException {
        CopyFailed(SQLException cause) {
            super(cause);
        }
    }
}
