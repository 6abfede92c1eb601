package dev.fastj.vision;

/** Unpacks Fashion-MNIST in a separate JVM (FASTJ home from -Dfastj.home) and prints the root. */
public final class UnpackMain {

  private UnpackMain() {}

  public static void main(String[] args) {
    System.out.println(Datasets.fashionMnist());
  }
}
