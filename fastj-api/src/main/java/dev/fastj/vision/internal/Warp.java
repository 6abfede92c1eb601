package dev.fastj.vision.internal;

import dev.fastj.vision.PadMode;
import java.util.Arrays;

/**
 * Resampling through a 3x3 homography, the single geometric primitive behind Resize, the crops
 * and the affine augmentation. Coordinates are continuous pixel positions with pixel centres at
 * {@code i + 0.5} (PyTorch's {@code align_corners=False}), so that points (0 at the left edge)
 * and pixels move consistently. Matrices map output positions to source positions and are
 * row-major {@code double[9]}.
 */
public final class Warp {

  private Warp() {}

  /** The identity matrix. */
  public static double[] identity() {
    return new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1};
  }

  /** {@code a * b}. */
  public static double[] multiply(double[] a, double[] b) {
    double[] r = new double[9];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        r[i * 3 + j] = a[i * 3] * b[j] + a[i * 3 + 1] * b[3 + j] + a[i * 3 + 2] * b[6 + j];
      }
    }
    return r;
  }

  /** The inverse; fails on a singular matrix. */
  public static double[] invert(double[] m) {
    double a = m[0], b = m[1], c = m[2], d = m[3], e = m[4], f = m[5], g = m[6], h = m[7], i = m[8];
    double ca = e * i - f * h;
    double cb = -(d * i - f * g);
    double cc = d * h - e * g;
    double det = a * ca + b * cb + c * cc;
    if (Math.abs(det) < 1e-12) {
      throw new IllegalArgumentException("geometric transform matrix is singular (determinant " + det + ")");
    }
    return new double[] {
        ca / det, -(b * i - c * h) / det, (b * f - c * e) / det,
        cb / det, (a * i - c * g) / det, -(a * f - c * d) / det,
        cc / det, -(a * h - b * g) / det, (a * e - b * d) / det};
  }

  /**
   * Solves {@code a x = b} for a small dense square system by Gaussian elimination with partial
   * pivoting ({@code a} and {@code b} are not changed); fails on a singular matrix.
   */
  public static double[] solve(double[][] a, double[] b) {
    int n = b.length;
    double[][] m = new double[n][];
    for (int i = 0; i < n; i++) {
      if (a[i].length != n) {
        throw new IllegalArgumentException("row " + i + " of the system has " + a[i].length + " values, expected " + n);
      }
      m[i] = Arrays.copyOf(a[i], n + 1);
      m[i][n] = b[i];
    }
    for (int col = 0; col < n; col++) {
      int pivot = col;
      for (int r = col + 1; r < n; r++) {
        if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
          pivot = r;
        }
      }
      if (Math.abs(m[pivot][col]) < 1e-12) {
        throw new IllegalArgumentException("the system is singular (no pivot in column " + col + ")");
      }
      double[] t = m[col];
      m[col] = m[pivot];
      m[pivot] = t;
      for (int r = col + 1; r < n; r++) {
        double f = m[r][col] / m[col][col];
        for (int c = col; c <= n; c++) {
          m[r][c] -= f * m[col][c];
        }
      }
    }
    double[] x = new double[n];
    for (int r = n - 1; r >= 0; r--) {
      double sum = m[r][n];
      for (int c = r + 1; c < n; c++) {
        sum -= m[r][c] * x[c];
      }
      x[r] = sum / m[r][r];
    }
    return x;
  }

  /** Maps point (x, y) through {@code m} with the homogeneous divide. */
  public static double[] apply(double[] m, double x, double y) {
    double w = m[6] * x + m[7] * y + m[8];
    return new double[] {(m[0] * x + m[1] * y + m[2]) / w, (m[3] * x + m[4] * y + m[5]) / w};
  }

  /**
   * The pixel-space matrix of a matrix {@code n} acting on normalised coordinates (-1 at the
   * left/top edge, 1 at the right/bottom edge), for an output of {@code oh x ow} and a source of
   * {@code sh x sw}.
   */
  public static double[] pixelFromNormalized(double[] n, int oh, int ow, int sh, int sw) {
    double[] toNormOut = {2.0 / ow, 0, -1, 0, 2.0 / oh, -1, 0, 0, 1};
    double[] fromNormSrc = {sw / 2.0, 0, sw / 2.0, 0, sh / 2.0, sh / 2.0, 0, 0, 1};
    return multiply(fromNormSrc, multiply(n, toNormOut));
  }

  /**
   * Bilinear resampling of a channels-first image {@code src} ({@code c x sh x sw}) into
   * {@code dst} ({@code c x dh x dw}); {@code k x k} samples per output pixel average away
   * aliasing when shrinking (1: plain bilinear).
   */
  public static void bilinear(float[] src, int c, int sh, int sw, float[] dst, int dh, int dw, double[] m,
      PadMode pad, int k) {
    int sPlane = sh * sw;
    int dPlane = dh * dw;
    float inv = 1f / (k * k);
    boolean affine = m[6] == 0 && m[7] == 0 && m[8] == 1;
    for (int y = 0; y < dh; y++) {
      for (int x = 0; x < dw; x++) {
        int o = y * dw + x;
        for (int ch = 0; ch < c; ch++) {
          dst[ch * dPlane + o] = 0f;
        }
        for (int sy = 0; sy < k; sy++) {
          for (int sx = 0; sx < k; sx++) {
            double u = x + (sx + 0.5) / k;
            double v = y + (sy + 0.5) / k;
            double su;
            double sv;
            if (affine) {
              su = m[0] * u + m[1] * v + m[2];
              sv = m[3] * u + m[4] * v + m[5];
            } else {
              double w = m[6] * u + m[7] * v + m[8];
              su = (m[0] * u + m[1] * v + m[2]) / w;
              sv = (m[3] * u + m[4] * v + m[5]) / w;
            }
            double px = su - 0.5;
            double py = sv - 0.5;
            if (!(px >= 0 && py >= 0 && px <= sw - 1 && py <= sh - 1)) {
              if (pad == PadMode.ZEROS) {
                sampleZeros(src, c, sPlane, sh, sw, px, py, dst, dPlane, o, inv);
                continue;
              }
              px = pad == PadMode.REFLECTION ? reflect(su, sw) - 0.5 : px;
              py = pad == PadMode.REFLECTION ? reflect(sv, sh) - 0.5 : py;
              px = clamp(px, sw - 1);
              py = clamp(py, sh - 1);
            }
            int x0 = (int) px;
            int y0 = (int) py;
            float fx = (float) (px - x0);
            float fy = (float) (py - y0);
            int x1 = Math.min(x0 + 1, sw - 1);
            int y1 = Math.min(y0 + 1, sh - 1);
            float w00 = (1 - fx) * (1 - fy) * inv;
            float w01 = fx * (1 - fy) * inv;
            float w10 = (1 - fx) * fy * inv;
            float w11 = fx * fy * inv;
            int i00 = y0 * sw + x0;
            int i01 = y0 * sw + x1;
            int i10 = y1 * sw + x0;
            int i11 = y1 * sw + x1;
            for (int ch = 0, off = 0; ch < c; ch++, off += sPlane) {
              dst[ch * dPlane + o] += w00 * src[off + i00] + w01 * src[off + i01] + w10 * src[off + i10]
                  + w11 * src[off + i11];
            }
          }
        }
      }
    }
  }

  /** Bilinear sample at index-space (px, py) where neighbours outside the image count as zero. */
  private static void sampleZeros(float[] src, int c, int plane, int sh, int sw, double px, double py, float[] dst,
      int dPlane, int o, float scale) {
    int x0 = (int) Math.floor(px);
    int y0 = (int) Math.floor(py);
    double fx = px - x0;
    double fy = py - y0;
    for (int dy = 0; dy <= 1; dy++) {
      int yy = y0 + dy;
      double wy = dy == 0 ? 1 - fy : fy;
      if (yy < 0 || yy >= sh || wy == 0) {
        continue;
      }
      for (int dx = 0; dx <= 1; dx++) {
        int xx = x0 + dx;
        double wx = dx == 0 ? 1 - fx : fx;
        if (xx < 0 || xx >= sw || wx == 0) {
          continue;
        }
        float wgt = (float) (wx * wy) * scale;
        int off = yy * sw + xx;
        for (int ch = 0; ch < c; ch++) {
          dst[ch * dPlane + o] += wgt * src[ch * plane + off];
        }
      }
    }
  }

  /** Nearest-neighbour resampling of a mask (codes), for segmentation targets. */
  public static void nearest(int[] src, int sh, int sw, int[] dst, int dh, int dw, double[] m, PadMode pad) {
    for (int y = 0; y < dh; y++) {
      for (int x = 0; x < dw; x++) {
        double u = x + 0.5;
        double v = y + 0.5;
        double w = m[6] * u + m[7] * v + m[8];
        double su = (m[0] * u + m[1] * v + m[2]) / w;
        double sv = (m[3] * u + m[4] * v + m[5]) / w;
        if (pad == PadMode.REFLECTION) {
          su = reflect(su, sw);
          sv = reflect(sv, sh);
        }
        int xi = (int) Math.floor(su);
        int yi = (int) Math.floor(sv);
        if (pad == PadMode.ZEROS && (xi < 0 || xi >= sw || yi < 0 || yi >= sh)) {
          dst[y * dw + x] = 0;
        } else {
          xi = Math.max(0, Math.min(sw - 1, xi));
          yi = Math.max(0, Math.min(sh - 1, yi));
          dst[y * dw + x] = src[yi * sw + xi];
        }
      }
    }
  }

  /** Maps points (x, y pairs, continuous pixels of the source) to the output: through the inverse of {@code m}. */
  public static float[] movePoints(float[] xy, double[] m) {
    double[] inv = invert(m);
    float[] out = new float[xy.length];
    for (int i = 0; i + 1 < xy.length; i += 2) {
      double[] p = apply(inv, xy[i], xy[i + 1]);
      out[i] = (float) p[0];
      out[i + 1] = (float) p[1];
    }
    return out;
  }

  /** Reflects a continuous coordinate into [0, size] (mirror at the edges). */
  static double reflect(double u, int size) {
    if (u >= 0 && u <= size) {
      return u;
    }
    double period = 2.0 * size;
    double r = u % period;
    if (r < 0) {
      r += period;
    }
    return r > size ? period - r : r;
  }

  private static double clamp(double p, int max) {
    return p < 0 ? 0 : Math.min(p, max);
  }
}
