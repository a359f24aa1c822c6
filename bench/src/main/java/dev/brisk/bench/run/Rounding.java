package dev.brisk.bench.run;

/** How the harness writes measured numbers: three decimals, enough for milliseconds and ratios. */
public final class Rounding {

    private Rounding() {}

    public static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
