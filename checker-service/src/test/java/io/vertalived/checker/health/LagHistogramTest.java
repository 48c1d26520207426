package io.vertalived.checker.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LagHistogramTest {
  @Test
  void smallLagsAreExactAndEarlyStartsCountAsZero() {
    LagHistogram h = new LagHistogram();
    h.record(-5_000_000);
    h.record(40_000);
    h.record(41_000);
    assertEquals(3, h.count());
    assertEquals(0.0, h.percentileMillis(0.33));
    assertEquals(0.040, h.percentileMillis(0.5));
    assertEquals(0.041, h.percentileMillis(1.0));
    assertEquals(0.041, h.maxMillis());
  }

  @Test
  void everyValueFallsInABucketWhoseUpperBoundIsWithinThreePercent() {
    SplittableRandom r = new SplittableRandom(7);
    for (int i = 0; i < 100_000; i++) {
      long us = r.nextLong(1, 1L << r.nextInt(1, 40));
      long upper = LagHistogram.upperMicros(LagHistogram.index(us));
      assertTrue(upper >= us && upper <= us + us / 32 + 1, us + " -> " + upper);
      assertEquals(LagHistogram.index(us), LagHistogram.index(upper));
      assertEquals(LagHistogram.index(us) + 1, LagHistogram.index(upper + 1));
    }
  }

  @Test
  void percentilesMatchTheSortedSamplesAndMergedHistogramsAddUp() {
    SplittableRandom r = new SplittableRandom(11);
    long[] lags = new long[20_000];
    LagHistogram a = new LagHistogram();
    LagHistogram b = new LagHistogram();
    for (int i = 0; i < lags.length; i++) {
      lags[i] = (long) (Math.exp(r.nextDouble() * 12) * 1_000); // 1 µs .. 160 ms, log-uniform
      (i % 2 == 0 ? a : b).record(lags[i]);
    }
    a.add(b);
    Arrays.sort(lags);
    for (double f : new double[] {0.5, 0.9, 0.99, 0.999}) {
      double exact = lags[(int) Math.ceil(f * lags.length) - 1] / 1e6;
      double got = a.percentileMillis(f);
      assertTrue(got >= exact - 0.001 && got <= exact * 1.032 + 0.001, f + ": " + got + " vs " + exact);
    }
    assertEquals(lags.length, a.count());
    assertEquals(lags.length, a.buckets().values().stream().mapToLong(Long::longValue).sum());
    a.reset();
    assertEquals(0, a.count());
    assertEquals(0.0, a.percentileMillis(0.99));
  }
}
