/**
 * Vision models: architectures cut into a body ({@link dev.fastj.vision.Arch#resnet18()},
 * {@link dev.fastj.vision.Arch#resnet34()}, {@link dev.fastj.vision.Arch#xresnetSmall()},
 * {@link dev.fastj.vision.Arch#fromOnnx}) and fastai's head ({@link dev.fastj.vision.Heads#createHead}).
 */
package dev.fastj.vision;
