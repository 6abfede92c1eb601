"""Exports the tiny ResNet-like test models of fastj's ONNX reader tests.

Run with Debian's python3-torch (1.13) from this folder:
    /usr/bin/python3 export_resnet_tiny.py
It writes resnet_tiny_op13_eval.onnx, resnet_tiny_op13_train.onnx and
resnet_tiny_expected.txt (the eval model's output, computed by PyTorch, for the input
x[i] = sin(0.1 * i) of shape [2, 3, 16, 16], one value per line).
"""
import math

import torch
from torch import nn


class Block(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.conv1 = nn.Conv2d(c, c, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(c)
        self.conv2 = nn.Conv2d(c, c, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(c)

    def forward(self, x):
        y = torch.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return torch.relu(x + y)


class TinyResNet(nn.Module):
    def __init__(self, classes=10):
        super().__init__()
        self.stem = nn.Conv2d(3, 8, 3, stride=1, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(8)
        self.pool = nn.MaxPool2d(3, stride=2, padding=1)
        self.block = Block(8)
        self.gap = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(8, classes)

    def forward(self, x):
        x = self.pool(torch.relu(self.bn(self.stem(x))))
        x = self.block(x)
        return self.fc(torch.flatten(self.gap(x), 1))


def main():
    torch.manual_seed(0)
    model = TinyResNet()
    # Non-trivial running statistics so that eval-mode BatchNorm is not the identity.
    model.train()
    with torch.no_grad():
        for _ in range(3):
            model(torch.randn(4, 3, 16, 16))
    model.eval()
    n = 2 * 3 * 16 * 16
    x = torch.tensor([math.sin(0.1 * i) for i in range(n)], dtype=torch.float32).reshape(2, 3, 16, 16)
    with torch.no_grad():
        y = model(x)
    with open("resnet_tiny_expected.txt", "w") as f:
        for v in y.flatten().tolist():
            f.write(repr(v) + "\n")
    common = dict(opset_version=13, do_constant_folding=False, input_names=["input"], output_names=["logits"],
                  dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
    torch.onnx.export(model, x, "resnet_tiny_op13_eval.onnx", training=torch.onnx.TrainingMode.EVAL, **common)
    torch.onnx.export(model, x, "resnet_tiny_op13_train.onnx", training=torch.onnx.TrainingMode.TRAINING, **common)


if __name__ == "__main__":
    main()
