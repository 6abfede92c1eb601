package dev.fastj.interpret;

/**
 * One off-diagonal cell of a confusion matrix: how often {@code actual} was predicted as
 * {@code predicted}. An entry of fastai's {@code most_confused}.
 *
 * @param actual the true class
 * @param predicted the predicted class
 * @param count how many items
 */
public record Confusion(String actual, String predicted, int count) {}
