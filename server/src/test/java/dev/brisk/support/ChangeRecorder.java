package dev.brisk.support;

import dev.brisk.platform.DatabaseChange;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.context.event.EventListener;

/** Keeps every {@link DatabaseChange} the node heard, for assertions. */
@TestComponent
public class ChangeRecorder {

    private final List<DatabaseChange> changes = new CopyOnWriteArrayList<>();

    @EventListener
    void on(DatabaseChange change) {
        changes.add(change);
    }

    public List<DatabaseChange> changes() {
        return List.copyOf(changes);
    }
}
