/** Implementation details of the learner (charts, atomic files); not for other modules. */
package dev.fastj.learner.internal;
