package dev.fastj.data;

/**
 * A step of a {@link DataBlock} failed for an item: the message names the step (getItems,
 * splitter, getX, getY, a block's type transform, an item or batch transform, collate), the item
 * and what to do. Unchecked.
 */
public class DataBlockException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String step;
  private final String item;

  /** A failure of {@code step} on {@code item} (null when not about one item). */
  public DataBlockException(String step, String item, String message, Throwable cause) {
    super(message, cause);
    this.step = step;
    this.item = item;
  }

  /** The step that failed, such as {@code getY} or {@code Resize}. */
  public String step() {
    return step;
  }

  /** The item it failed on, as users know it (a file name), or null. */
  public String item() {
    return item;
  }
}
