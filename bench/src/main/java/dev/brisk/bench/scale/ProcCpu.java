package dev.brisk.bench.scale;

import dev.brisk.bench.run.MachineInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time of a process from {@code /proc/PID/stat} (user + system, in clock ticks of 10 ms). */
final class ProcCpu {

    static final double MILLIS_PER_TICK = 10.0; // CLK_TCK is 100 on Linux x86-64

    private ProcCpu() {}

    /** utime + stime of the process itself (all its threads); 0 when it is gone. */
    static long ticks(long pid) {
        long[] f = fields(pid);
        return f == null ? 0 : f[0] + f[1];
    }

    /**
     * A PostgreSQL server's CPU: the postmaster's own time, the time of the backends it has reaped
     * (cutime + cstime) and that of the ones alive now.
     */
    static long treeTicks(long pid) {
        long[] f = fields(pid);
        if (f == null) {
            return 0;
        }
        long total = f[0] + f[1] + f[2] + f[3];
        total += ProcessHandle.of(pid)
                .map(h -> h.children().mapToLong(c -> ticks(c.pid())).sum())
                .orElse(0L);
        return total;
    }

    /** utime, stime, cutime, cstime (fields 14-17), or null. */
    private static long[] fields(long pid) {
        if (pid <= 0) {
            return null;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name (field 2) may hold spaces: fields are counted after its closing parenthesis
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {
                Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]), Long.parseLong(f[14])
            };
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The 1-minute load average, as {@code uptime} shows it. */
    static double loadAverage() {
        double[] load = MachineInfo.loadAverages();
        return load.length == 0 ? -1 : load[0];
    }
}
