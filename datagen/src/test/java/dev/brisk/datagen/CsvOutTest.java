package dev.brisk.datagen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.postgresql.copy.CopyIn;

class CsvOutTest {

    /** A COPY stream that keeps what it is sent; endCopy answers with the rows counted here. */
    private static CopyIn capture(ByteArrayOutputStream sink, long[] rows) {
        return (CopyIn) Proxy.newProxyInstance(
                CopyIn.class.getClassLoader(), new Class<?>[] {CopyIn.class}, (p, m, a) -> switch (m.getName()) {
                    case "writeToCopy" -> {
                        sink.write((byte[]) a[0], (int) a[1], (int) a[2]);
                        yield null;
                    }
                    case "endCopy" -> rows[0];
                    case "isActive" -> false;
                    default -> null;
                });
    }

    @Test
    void quotesStringsThatNeedItAndLeavesNullsEmpty() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        long[] rows = {1};
        try (CsvOut out = new CsvOut(capture(sink, rows))) {
            out.num(1)
                    .text("Smith, \"Jr\"")
                    .text(null)
                    .text("")
                    .text("PAID")
                    .ts(Generator.micros(java.time.Instant.parse("2026-03-14T09:26:53Z")))
                    .date(LocalDate.of(2026, 1, 2).toEpochDay())
                    .ts(DataSet.NONE);
            out.endRow();
            assertThat(out.finish()).isEqualTo(1);
        }
        // an empty string is quoted, so COPY tells it from null (an empty field)
        assertThat(sink.toString(StandardCharsets.UTF_8))
                .isEqualTo("1,\"Smith, \"\"Jr\"\"\",,\"\",PAID,2026-03-14 09:26:53.000000+00,2026-01-02,\n");
    }
}
