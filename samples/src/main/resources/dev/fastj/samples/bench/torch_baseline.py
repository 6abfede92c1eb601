#!/usr/bin/python3
"""The PyTorch side of fastj's `./fastj bench` (Debian's python3-torch; never a build or test dependency).

    torch_baseline.py --case CASE --threads T [--seconds S] [--steps N]

Cases, as in fastj's StepCase: resnet_32, resnet_64, mlp (train steps at batch 64: forward, backward,
AdamW with betas 0.9/0.99, eps 1e-5, weight decay 0.01, as fastai's Adam), infer_64 and infer_1 (the
ResNet at 32 px in eval mode under torch.no_grad, batch 64 and 1), sgemm_2048 (one 2048^3 float32
torch.mm). Three untimed warm-up steps, then N steps or as many as fit in S seconds (at least 5).
Prints one JSON line: step_ms (the median wall time of a timed step), cpu_ms (the mean process CPU
time per step), steps, threads, torch.

./fastj bench runs it with OMP_WAIT_POLICY=PASSIVE, OPENBLAS_THREAD_TIMEOUT=4 and OPENBLAS_NUM_THREADS=T,
so that idle OpenMP and OpenBLAS threads sleep as ONNX Runtime's do and both pools have T threads.
"""
import argparse
import json
import time

import torch
import torch.nn as nn

WARMUP = 3


class Block(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.down = None
        if stride != 1 or cin != cout:
            self.down = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        h = torch.relu(self.bn1(self.conv1(x)))
        h = self.bn2(self.conv2(h))
        return torch.relu(h + (x if self.down is None else self.down(x)))


def resnet():
    return nn.Sequential(nn.Conv2d(3, 32, 3, 1, 1, bias=False), nn.BatchNorm2d(32), nn.ReLU(),
                         Block(32, 32, 1), Block(32, 64, 2), Block(64, 128, 2),
                         nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(128, 10))


def mlp():
    return nn.Sequential(nn.Linear(784, 1000), nn.ReLU(), nn.Linear(1000, 1000), nn.ReLU(), nn.Linear(1000, 10))


def train_step(net, shape, batch=64):
    x = torch.randn(batch, *shape)
    y = torch.randint(0, 10, (batch,))
    opt = torch.optim.AdamW(net.parameters(), lr=1e-3, betas=(0.9, 0.99), eps=1e-5, weight_decay=0.01)
    loss_fn = nn.CrossEntropyLoss()

    def step():
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(net(x), y)
        loss.backward()
        opt.step()
        loss.item()
    return step


def infer_step(batch):
    net = resnet().eval()
    x = torch.randn(batch, 3, 32, 32)

    def step():
        with torch.no_grad():
            net(x)
    return step


def gemm_step(n=2048):
    a, b = torch.randn(n, n), torch.randn(n, n)

    def step():
        torch.mm(a, b)
    return step


def timed(step, seconds, steps):
    for _ in range(WARMUP):
        step()
    times = []
    deadline = time.perf_counter() + seconds
    c0 = time.process_time()
    while (len(times) < steps) if steps > 0 else (len(times) < 5 or time.perf_counter() < deadline):
        t0 = time.perf_counter()
        step()
        times.append(time.perf_counter() - t0)
    cpu_ms = (time.process_time() - c0) * 1e3 / len(times)
    times.sort()
    n = len(times)
    median = times[n // 2] if n % 2 else (times[n // 2 - 1] + times[n // 2]) / 2
    return median * 1e3, cpu_ms, n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--case", required=True,
                    choices=["resnet_32", "resnet_64", "mlp", "infer_64", "infer_1", "sgemm_2048"])
    ap.add_argument("--threads", type=int, required=True)
    ap.add_argument("--seconds", type=float, default=3)
    ap.add_argument("--steps", type=int, default=0)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    step = {
        "resnet_32": lambda: train_step(resnet(), (3, 32, 32)),
        "resnet_64": lambda: train_step(resnet(), (3, 64, 64)),
        "mlp": lambda: train_step(mlp(), (784,)),
        "infer_64": lambda: infer_step(64),
        "infer_1": lambda: infer_step(1),
        "sgemm_2048": gemm_step,
    }[args.case]()
    ms, cpu_ms, n = timed(step, args.seconds, args.steps)
    print(json.dumps({"step_ms": ms, "cpu_ms": cpu_ms, "steps": n, "threads": torch.get_num_threads(),
                      "torch": torch.__version__}), flush=True)


if __name__ == "__main__":
    main()
