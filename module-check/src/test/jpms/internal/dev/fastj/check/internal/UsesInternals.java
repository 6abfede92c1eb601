package dev.fastj.check.internal;

import dev.fastj.data.internal.Pipeline;
import dev.fastj.internal.AtomicFiles;
import dev.fastj.vision.internal.Warp;
import java.nio.file.Path;

/** Uses one class of each internal package of dev.fastj.api. */
public final class UsesInternals {

  private UsesInternals() {}

  public static void main(String[] args) {
    AtomicFiles.write(Path.of(args[0]), out -> out.write(1));
    System.out.println(Warp.identity().length + " " + Pipeline.class);
  }
}
