package dev.fastj.interpret;

/**
 * An item with one of the largest losses, as fastai's {@code top_losses} and
 * {@code plot_top_losses} report it.
 *
 * @param index the item's position in the data the interpretation was made from
 * @param loss its loss
 * @param predicted the predicted class
 * @param actual the true class
 * @param probability the probability of the predicted class
 * @param item the item's name (a file name, say), or {@code null} if none was given
 */
public record TopLoss(
    int index, float loss, String predicted, String actual, float probability, String item) {}
