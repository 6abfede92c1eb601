/**
 * Implementation details shared by fastj-api's packages ({@code learner}, {@code vision},
 * {@code plot}): {@link dev.fastj.internal.AtomicFiles}, which writes files so that readers never
 * see a half-written one. Not an API: other modules must not use it.
 */
package dev.fastj.internal;
