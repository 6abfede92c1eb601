/**
 * Implementation details of fastj-api's vision code (resampling through homographies, IDX
 * files, the in-memory image stream). Not an API: other modules must not use it.
 */
package dev.fastj.vision.internal;
