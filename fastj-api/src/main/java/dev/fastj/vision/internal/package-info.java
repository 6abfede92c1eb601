/** Resampling through homographies, shared by the vision transforms. Not for other modules. */
package dev.fastj.vision.internal;
