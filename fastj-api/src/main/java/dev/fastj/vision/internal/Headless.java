package dev.fastj.vision.internal;

/** Makes Java2D render without a display, as servers and CI machines need. Internal. */
public final class Headless {

  private Headless() {}

  /**
   * Sets {@code java.awt.headless=true} unless the user chose a value; call before the first
   * AWT use. Drawing onto a {@code BufferedImage} works either way once AWT has started.
   */
  public static void ensure() {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }
}
