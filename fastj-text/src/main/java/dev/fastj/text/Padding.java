package dev.fastj.text;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.data.TensorData;
import java.util.List;

/** fastai's {@code pad_input_chunk}, the classifier's collation. */
final class Padding {

  private Padding() {}

  /**
   * Pads {@code seqs} to the longest with {@code padIdx}, into INT64 [N, max]: as fastai does,
   * whole chunks of {@code seqLen} pads go before the text when {@code padFirst} (after it
   * otherwise) and the remainder after it, so that the text's chunks line up with the
   * {@code SentenceEncoder}'s.
   */
  static TensorData padInputChunk(List<int[]> seqs, int padIdx, boolean padFirst, int seqLen) {
    return padInputChunk(seqs, padIdx, padFirst, seqLen, 0);
  }

  /** {@link #padInputChunk(List, int, boolean, int)} to {@code length} (at least the longest; 0: the longest). */
  static TensorData padInputChunk(List<int[]> seqs, int padIdx, boolean padFirst, int seqLen, int length) {
    checkArgument(!seqs.isEmpty(), "nothing to pad");
    checkArgument(seqLen > 0, "seqLen must be positive, got %s", seqLen);
    int max = length;
    for (int[] s : seqs) {
      checkArgument(s.length <= max || length == 0, "a text of %s tokens does not fit %s", s.length, length);
      max = Math.max(max, s.length);
    }
    max = Math.max(max, 1);
    long[] out = new long[Math.multiplyExact(seqs.size(), max)];
    java.util.Arrays.fill(out, padIdx);
    for (int r = 0; r < seqs.size(); r++) {
      int[] s = seqs.get(r);
      int l = max - s.length;
      int start = r * max + (padFirst ? (l / seqLen) * seqLen : 0);
      for (int j = 0; j < s.length; j++) {
        out[start + j] = s[j];
      }
    }
    return TensorData.ofLongs(out, seqs.size(), max);
  }
}
