package dev.brisk.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "run", mixinStandardHelpOptions = true, description = "Run load scenarios against a running Brisk.")
final class RunCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return 0;
    }
}
