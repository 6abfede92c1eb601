package dev.fastj.data;

import java.util.Random;

/**
 * What an {@link ItemTransform} knows about its call: whether the item is in the training set
 * (fastai's {@code split_idx == 0}), a random generator seeded for this item and epoch (so
 * results do not depend on thread scheduling), and the item's name for error messages.
 *
 * @param training true on the training set, where random transforms are active
 * @param random generator for this item only
 * @param itemName the item as users know it (its file name), for messages
 */
public record TransformContext(boolean training, Random random, String itemName) {}
