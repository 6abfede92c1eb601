"""Exports the opset-17 test model of fastj's reader and opset-upgrade tests.

Run with Debian's python3-torch (1.13) from this folder:
    /usr/bin/python3 export_mixed_op17.py
It writes mixed_op17_train.onnx: conv, BatchNorm in training mode (BatchNormalization-15),
clamp (Clip-13), reflect padding (Pad-13), chunk (Split-13), nearest upsampling (Resize-13),
a spatial mean (ReduceMean-13 with an axes attribute), concat and a linear layer, with a
symbolic batch dimension; and mixed_op17_expected.txt, PyTorch's output in training mode for
the input x[i] = sin(0.1 * i) of shape [2, 3, 8, 8], one value per line.
"""
import math

import torch
import torch.nn.functional as F
from torch import nn


class Mixed(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, padding=0)
        self.bn = nn.BatchNorm2d(4)
        self.fc = nn.Linear(4, 5)

    def forward(self, x):
        x = F.pad(x, (1, 1, 1, 1), mode="reflect")
        x = self.bn(self.conv(x)).clamp(-1.0, 1.5)
        a, b = torch.chunk(x, 2, dim=1)
        b = F.interpolate(F.max_pool2d(b, 2), scale_factor=2.0, mode="nearest")
        x = torch.cat([a, b], dim=1)
        return self.fc(x.mean(dim=(2, 3)))


def main():
    torch.manual_seed(1)
    model = Mixed().train()
    n = 2 * 3 * 8 * 8
    x = torch.tensor([math.sin(0.1 * i) for i in range(n)], dtype=torch.float32).reshape(2, 3, 8, 8)
    torch.onnx.export(model, x, "mixed_op17_train.onnx", opset_version=17, do_constant_folding=False,
                      training=torch.onnx.TrainingMode.TRAINING, input_names=["input"], output_names=["out"],
                      dynamic_axes={"input": {0: "batch"}, "out": {0: "batch"}})
    with torch.no_grad():
        y = model(x)
    with open("mixed_op17_expected.txt", "w") as f:
        for v in y.flatten().tolist():
            f.write(repr(v) + "\n")


if __name__ == "__main__":
    main()
