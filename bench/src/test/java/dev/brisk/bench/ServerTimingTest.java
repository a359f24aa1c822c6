package dev.brisk.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.bench.run.ServerTiming;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerTimingTest {

    @Test
    void readsBrisksHeader() {
        ServerTiming t =
                ServerTiming.parse("db;dur=1.234, db-statements;desc=\"2\", cache;desc=\"local\", total;dur=3.210");
        assertThat(t.dbMillis()).isEqualTo(1.234);
        assertThat(t.statements()).isEqualTo(2);
        assertThat(t.cache()).isEqualTo("local");
        assertThat(t.totalMillis()).isEqualTo(3.21);
        assertThat(t.present()).isTrue();
    }

    @Test
    void toleratesOrderSpacingQuotesAndUnknownMetrics() {
        ServerTiming t = ServerTiming.parse(
                List.of("total;dur=0.5;desc=\"a, b\"", "cache ; desc=miss,edge;dur=9, db-statements;desc=0"));
        assertThat(t.totalMillis()).isEqualTo(0.5);
        assertThat(t.cache()).isEqualTo("miss");
        assertThat(t.statements()).isZero();
        assertThat(t.dbMillis()).isNaN();
    }

    @Test
    void missingOrGarbageMeansNone() {
        assertThat(ServerTiming.parse((String) null)).isSameAs(ServerTiming.NONE);
        assertThat(ServerTiming.parse(List.of())).isSameAs(ServerTiming.NONE);
        assertThat(ServerTiming.parse("cpu;dur=2")).isSameAs(ServerTiming.NONE);
        ServerTiming t = ServerTiming.parse("db;dur=abc, db-statements;desc=\"x\"");
        assertThat(t).isSameAs(ServerTiming.NONE);
    }
}
