/** Implementation details of the learner (atomic file writes); not for other modules. */
package dev.fastj.learner.internal;
