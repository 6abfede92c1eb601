package dev.fastj.spi;

import dev.fastj.nn.ParamRole;

/** A trainable parameter of a compiled model: its full dotted name, shape and role. */
public record ParamInfo(String name, long[] shape, ParamRole role) {}
