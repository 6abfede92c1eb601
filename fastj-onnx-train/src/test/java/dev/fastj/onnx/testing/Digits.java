package dev.fastj.onnx.testing;

import dev.fastj.data.Batch;
import dev.fastj.data.TensorData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;

/**
 * The 8x8 sklearn digits (test resource digits.csv.gz, 64 pixel columns 0-16 then the label),
 * scaled to [0, 1] and split 80/20 with a seeded shuffle.
 */
public final class Digits {

  public final float[][] trainX;
  public final long[] trainY;
  public final float[][] validX;
  public final long[] validY;

  private Digits(float[][] tx, long[] ty, float[][] vx, long[] vy) {
    trainX = tx;
    trainY = ty;
    validX = vx;
    validY = vy;
  }

  /** Loads and splits the data with {@code seed}. */
  public static Digits load(long seed) {
    List<float[]> xs = new ArrayList<>();
    List<Long> ys = new ArrayList<>();
    try (InputStream in = Digits.class.getResourceAsStream("/digits.csv.gz");
         BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        String[] f = line.split(",");
        float[] x = new float[64];
        for (int i = 0; i < 64; i++) {
          x[i] = Float.parseFloat(f[i]) / 16f;
        }
        xs.add(x);
        ys.add(Long.parseLong(f[64].trim()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int n = xs.size();
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    Random rnd = new Random(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
    }
    int nValid = n / 5;
    float[][] vx = new float[nValid][];
    long[] vy = new long[nValid];
    float[][] tx = new float[n - nValid][];
    long[] ty = new long[n - nValid];
    for (int i = 0; i < n; i++) {
      if (i < nValid) {
        vx[i] = xs.get(idx[i]);
        vy[i] = ys.get(idx[i]);
      } else {
        tx[i - nValid] = xs.get(idx[i]);
        ty[i - nValid] = ys.get(idx[i]);
      }
    }
    return new Digits(tx, ty, vx, vy);
  }

  /** Rows {@code order[from..to)} as a batch, inputs shaped {@code [rows, itemShape...]}. */
  public static Batch batch(float[][] x, long[] y, int[] order, int from, int to, long... itemShape) {
    int rows = to - from;
    float[] flat = new float[rows * 64];
    long[] labels = new long[rows];
    for (int i = 0; i < rows; i++) {
      System.arraycopy(x[order[from + i]], 0, flat, i * 64, 64);
      labels[i] = y[order[from + i]];
    }
    long[] shape = new long[itemShape.length + 1];
    shape[0] = rows;
    System.arraycopy(itemShape, 0, shape, 1, itemShape.length);
    return new Batch(List.of(TensorData.ofFloats(flat, shape)), List.of(TensorData.ofLongs(labels, rows)), new int[rows]);
  }

  /** 0..n-1 shuffled with {@code rnd}. */
  public static int[] permutation(int n, Random rnd) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /** 0..n-1 in order. */
  public static int[] identity(int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    return p;
  }
}
