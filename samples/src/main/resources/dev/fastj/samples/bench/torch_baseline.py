# The PyTorch side of fastj's train-step benchmark: the same networks, batch and optimizer
# (AdamW, betas 0.9/0.99, eps 1e-5, wd 0.01), timed the same way (median step time).
# Prints "name items_per_s".
import sys, time
import torch
import torch.nn as nn

threads, seconds = int(sys.argv[1]), float(sys.argv[2])
steps = int(sys.argv[3]) if len(sys.argv) > 3 else 0  # 0: as many steps as fit in the seconds
torch.set_num_threads(threads)
torch.manual_seed(0)


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


def measure(name, net, shape):
    x = torch.randn(64, *shape)
    y = torch.randint(0, 10, (64,))
    opt = torch.optim.AdamW(net.parameters(), lr=1e-3, betas=(0.9, 0.99), eps=1e-5, weight_decay=0.01)
    loss_fn = nn.CrossEntropyLoss()

    def step():
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(net(x), y)
        loss.backward()
        opt.step()
        return loss.item()

    for _ in range(3):
        step()
    times, start = [], time.perf_counter()
    while (len(times) < steps) if steps > 0 else (len(times) < 5 or time.perf_counter() - start < seconds):
        t0 = time.perf_counter()
        step()
        times.append(time.perf_counter() - t0)
    times.sort()
    n = len(times)
    median = times[n // 2] if n % 2 else (times[n // 2 - 1] + times[n // 2]) / 2
    print(name, 64 / median, flush=True)


measure("resnet_32", resnet(), (3, 32, 32))
measure("resnet_64", resnet(), (3, 64, 64))
measure("mlp", mlp(), (784,))
