package dev.fastj.samples.cli;

/** Developer tool: writes TrainDefaultsTest's scaled-digits folder to the path given, to run the reference on it. */
public final class MakeDigits28 {
  private MakeDigits28() {}

  public static void main(String[] a) throws Exception {
    TrainDefaultsTest.digits28(java.nio.file.Path.of(a[0]));
  }
}
