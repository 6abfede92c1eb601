/**
 * Implementation of the data loaders (pipeline, prefetching loaders, summary, batch plot). Other
 * modules use the interfaces in {@code dev.fastj.data} instead.
 */
package dev.fastj.data.internal;
