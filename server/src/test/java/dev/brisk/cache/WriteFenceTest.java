package dev.brisk.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class WriteFenceTest {

    static final long WRITER = 10;
    static final long COLLEAGUE = 11;

    @Test
    void theWriterWaitsForItsOwnChangeNumberOnlyAndNoLonger() {
        ChangeClock clock = new ChangeClock();
        clock.listeningFrom(100);
        WriteFence fence = new WriteFence(clock);
        fence.writeEnded(WRITER, 105, false);
        assertThat(fence.awaited(WRITER)).isEqualTo(105);
        assertThat(fence.awaited(COLLEAGUE)).isZero(); // sees the write when its notification arrives
        clock.heard(106); // committed first, numbered later: says nothing about 105
        assertThat(fence.awaited(WRITER)).isEqualTo(105);
        clock.heard(105);
        assertThat(fence.awaited(WRITER)).isZero();
    }

    @Test
    void aNotificationHeardBeforeTheWriteEndedLiftsNothingLater() {
        ChangeClock clock = new ChangeClock();
        clock.listeningFrom(100);
        WriteFence fence = new WriteFence(clock);
        clock.heard(101); // the race of the old fence: the notification came before the request ended
        fence.writeEnded(WRITER, 101, false);
        assertThat(fence.awaited(WRITER)).isZero();
    }

    @Test
    void aFailedWriteOrOneThatChangedNothingFencesNothing() {
        ChangeClock clock = new ChangeClock();
        clock.listeningFrom(100);
        WriteFence fence = new WriteFence(clock);
        fence.writeEnded(WRITER, 0, false);
        assertThat(fence.awaited(WRITER)).isZero();
        fence.writeEnded(WRITER, 101, true);
        assertThat(fence.awaited(WRITER)).isZero();
        fence.writeEnded(WRITER, 102, false);
        fence.writeEnded(WRITER, 103, true); // a concurrent failed write keeps the earlier one's fence
        assertThat(fence.awaited(WRITER)).isEqualTo(102);
    }

    @Test
    void numbersAtOrBelowWhereTheListenerStartedCountAsHeard() {
        ChangeClock clock = new ChangeClock();
        assertThat(clock.hasHeard(1)).isFalse(); // not listening yet: nothing is known
        clock.listeningFrom(50);
        assertThat(clock.hasHeard(50)).isTrue();
        assertThat(clock.hasHeard(51)).isFalse();
        clock.heard(52);
        clock.listeningFrom(60); // after a reconnect (and a new cache epoch)
        assertThat(clock.hasHeard(51)).isTrue();
        assertThat(clock.hasHeard(61)).isFalse();
    }

    @Test
    void aWaitEndsWhenTheNumberIsHeardOrTheTimeIsUp() throws Exception {
        ChangeClock clock = new ChangeClock();
        clock.listeningFrom(10);
        assertThat(clock.awaitHeard(11, TimeUnit.MILLISECONDS.toNanos(20))).isFalse();
        AtomicBoolean heard = new AtomicBoolean();
        Thread waiter =
                Thread.ofPlatform().daemon().start(() -> heard.set(clock.awaitHeard(11, TimeUnit.SECONDS.toNanos(10))));
        // heard only once the waiter is waiting
        await().atMost(Duration.ofSeconds(10)).until(() -> waiter.getState() == Thread.State.TIMED_WAITING);
        clock.heard(11);
        waiter.join();
        assertThat(heard).isTrue();
    }
}
