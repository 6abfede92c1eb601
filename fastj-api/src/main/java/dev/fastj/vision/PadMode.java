package dev.fastj.vision;

/** How resampling fills pixels that fall outside the source image (fastai's {@code PadMode}). */
public enum PadMode {
  /** Zeros (code 0 for masks). */
  ZEROS,
  /** The nearest edge pixel. */
  BORDER,
  /** The image mirrored at its edges (fastai's default for Resize and aug_transforms). */
  REFLECTION
}
