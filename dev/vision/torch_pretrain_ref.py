#!/usr/bin/env python3
"""Pretrained weights from PyTorch, for fastj's transfer-learning tests and the plain PyTorch fine-tuning
reference (issue 8). Run by hand with Debian's python3-torch; nothing in the product imports it.

  torch_pretrain_ref.py pretrain SHARED_DATA OUT_DIR
      Trains a small ResNet (stem conv 32, basic blocks 32, 64/2, 128/2, global average pool, linear) on the
      Fashion-MNIST training images of five classes (T-shirt/top, Trouser, Sandal, Bag, Ankle boot: 30,000
      images, 28x28 grey, normalised with ImageNet's statistics averaged over the channels, as fastj normalises
      for an .onnx body), 2 epochs of AdamW one-cycle at 1e-2, batch 64. Writes OUT_DIR/fmnist5_resnet.onnx
      (torch.onnx.export of the whole classifier, eval mode, opset 17), OUT_DIR/fmnist5_resnet.pt (the state
      dict, for the fine-tuning reference) and OUT_DIR/fmnist5_resnet_bn.txt: one train-mode forward of a fixed
      input (batch 2, x[i] = sin(0.01 i)) and every BatchNorm's running variance after it, the numbers an
      imported BatchNorm must reproduce (PyTorch updates with the unbiased batch variance).

  torch_pretrain_ref.py export PT OUT_DIR
      Only the exports and the BatchNorm file, from a state dict written by pretrain.

  torch_pretrain_ref.py export-init OUT_DIR
      The same net with PyTorch's random initial weights (seed 0), exported in training mode so that its
      BatchNorm nodes stay: OUT_DIR/fmnist5_resnet_init.onnx, "the same net from scratch" for fastj's tests.

  torch_pretrain_ref.py finetune PT ROOT FROZEN_EPOCHS EPOCHS [BS [LR_HEAD [LR_ALL]]]
      PyTorch's plain recipe on ROOT/train, ROOT/valid: the pretrained body with a new linear head, FROZEN_EPOCHS
      of the head only (AdamW one-cycle at LR_HEAD, default 1e-2), then EPOCHS of everything (at LR_ALL, default
      1e-3), batch BS (default 16); prints 'accuracy=A seconds=S'. With PT 'scratch' the same net starts from
      random weights and trains EPOCHS at 1e-2.
"""
import gzip, os, sys, time
import torch, torch.nn as nn, torch.nn.functional as F

GREY_MEAN = (0.485 + 0.456 + 0.406) / 3
GREY_STD = (0.229 + 0.224 + 0.225) / 3
SOURCE = [0, 1, 5, 8, 9]


class Block(nn.Module):
    def __init__(self, i, o, s):
        super().__init__()
        self.conv1 = nn.Conv2d(i, o, 3, s, 1, bias=False); self.bn1 = nn.BatchNorm2d(o)
        self.conv2 = nn.Conv2d(o, o, 3, 1, 1, bias=False); self.bn2 = nn.BatchNorm2d(o)
        self.down = None if s == 1 and i == o else nn.Sequential(nn.Conv2d(i, o, 1, s, bias=False), nn.BatchNorm2d(o))

    def forward(self, x):
        y = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        return F.relu(y + (x if self.down is None else self.down(x)))


class Net(nn.Module):
    def __init__(self, n_out):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(1, 32, 3, 1, 1, bias=False), nn.BatchNorm2d(32), nn.ReLU())
        self.layer1, self.layer2, self.layer3 = Block(32, 32, 1), Block(32, 64, 2), Block(64, 128, 2)
        self.fc = nn.Linear(128, n_out)

    def features(self, x):
        return self.layer3(self.layer2(self.layer1(self.stem(x))))

    def forward(self, x):
        return self.fc(F.adaptive_avg_pool2d(self.features(x), 1).flatten(1))


def idx(path):
    with gzip.open(path, "rb") as f:
        d = f.read()
    if int.from_bytes(d[0:4], "big") == 0x803:
        n, h, w = (int.from_bytes(d[4 + 4 * i:8 + 4 * i], "big") for i in range(3))
        return torch.frombuffer(bytearray(d[16:]), dtype=torch.uint8).view(n, h, w)
    return torch.frombuffer(bytearray(d[8:]), dtype=torch.uint8).long()


def one_cycle(net, params, xs, ys, epochs, lr, bs):
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.01, betas=(0.9, 0.99), eps=1e-5)
    per = max(1, len(xs) // bs)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=epochs * per, pct_start=0.25)
    for e in range(epochs):
        net.train(); perm = torch.randperm(len(xs))
        for k in range(per):
            i = perm[k * bs:(k + 1) * bs]
            loss = F.cross_entropy(net(xs[i]), ys[i])
            opt.zero_grad(); loss.backward(); opt.step(); sched.step()


def accuracy(net, xs, ys):
    net.eval()
    with torch.no_grad():
        return sum((net(xs[i:i + 512]).argmax(1) == ys[i:i + 512]).sum().item() for i in range(0, len(xs), 512)) / len(xs)


def pretrain(shared, out):
    torch.manual_seed(0); torch.set_num_threads(2)
    d = f"{shared}/fashion-mnist"
    xt, yt = idx(f"{d}/train-images-idx3-ubyte.gz"), idx(f"{d}/train-labels-idx1-ubyte.gz")
    xv, yv = idx(f"{d}/t10k-images-idx3-ubyte.gz"), idx(f"{d}/t10k-labels-idx1-ubyte.gz")
    def pick(x, y):
        keep = sum((y == c) for c in SOURCE).bool()
        remap = {c: k for k, c in enumerate(SOURCE)}
        return ((x[keep].float() / 255 - GREY_MEAN) / GREY_STD).unsqueeze(1), torch.tensor([remap[int(v)] for v in y[keep]])
    xt, yt = pick(xt, yt); xv, yv = pick(xv, yv)
    net = Net(len(SOURCE))
    one_cycle(net, net.parameters(), xt, yt, 2, 1e-2, 64)
    print(f"source accuracy={accuracy(net, xv, yv):.4f}")
    os.makedirs(out, exist_ok=True)
    torch.save(net.state_dict(), f"{out}/fmnist5_resnet.pt")
    export(f"{out}/fmnist5_resnet.pt", out)


def export(pt, out):
    net = Net(len(SOURCE))
    net.load_state_dict(torch.load(pt))
    axes = {"input": {0: "N"}, "logits": {0: "N"}}
    # as users export a classifier: eval mode, where PyTorch folds each BatchNorm into its convolution
    net.eval()
    torch.onnx.export(net, torch.zeros(1, 1, 28, 28), f"{out}/fmnist5_resnet.onnx", opset_version=17,
                      input_names=["input"], output_names=["logits"], dynamic_axes=axes)
    # training mode keeps the BatchNorm nodes with their running statistics; tracing runs one forward
    # in training mode, which moves the running statistics, and the file holds them as they are after it,
    # so the check below starts from the traced copy's
    net.train()
    torch.onnx.export(net, torch.zeros(2, 1, 28, 28), f"{out}/fmnist5_resnet_train.onnx", opset_version=17,
                      input_names=["input"], output_names=["logits"], dynamic_axes=axes,
                      training=torch.onnx.TrainingMode.TRAINING, do_constant_folding=False)
    x = torch.sin(0.01 * torch.arange(2 * 28 * 28, dtype=torch.float32)).view(2, 1, 28, 28)
    net.train()
    with torch.no_grad():
        net(x)
    with open(f"{out}/fmnist5_resnet_bn.txt", "w") as f:
        f.write("# running_var of each BatchNorm2d (in module order) after one train-mode forward of\n")
        f.write("# x[i] = sin(0.01 i), shape (2, 1, 28, 28), from the exported weights; one line per layer\n")
        for name, m in net.named_modules():
            if isinstance(m, nn.BatchNorm2d):
                f.write(name + " " + " ".join(f"{v:.9g}" for v in m.running_var.tolist()) + "\n")
    for f in ("fmnist5_resnet.onnx", "fmnist5_resnet_train.onnx"):
        print(f"wrote {out}/{f} ({os.path.getsize(f'{out}/{f}')} bytes)")


def load_folder(root, split, classes):
    from PIL import Image
    xs, ys = [], []
    for k, c in enumerate(classes):
        for f in sorted(os.listdir(f"{root}/{split}/{c}")):
            im = Image.open(f"{root}/{split}/{c}/{f}").convert("L").resize((28, 28))
            xs.append(torch.frombuffer(bytearray(im.tobytes()), dtype=torch.uint8).float().view(1, 28, 28) / 255)
            ys.append(k)
    return (torch.stack(xs) - GREY_MEAN) / GREY_STD, torch.tensor(ys)


def finetune(pt, root, frozen, epochs, bs, lr_head=1e-2, lr_all=1e-3):
    torch.manual_seed(0); torch.set_num_threads(2)
    t0 = time.time()
    classes = sorted(os.listdir(f"{root}/train"))
    xt, yt = load_folder(root, "train", classes); xv, yv = load_folder(root, "valid", classes)
    net = Net(len(SOURCE))
    if pt != "scratch":
        net.load_state_dict(torch.load(pt))
    net.fc = nn.Linear(128, len(classes))
    if pt != "scratch" and frozen > 0:
        for p in net.parameters():
            p.requires_grad = False
        for p in net.fc.parameters():
            p.requires_grad = True
        one_cycle(net, net.fc.parameters(), xt, yt, frozen, lr_head, bs)
        for p in net.parameters():
            p.requires_grad = True
    one_cycle(net, net.parameters(), xt, yt, epochs, lr_all if pt != "scratch" else 1e-2, bs)
    print(f"accuracy={accuracy(net, xv, yv):.4f} seconds={time.time() - t0:.1f}")


if __name__ == "__main__":
    if sys.argv[1] == "pretrain":
        pretrain(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "export":
        export(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "export-init":
        torch.manual_seed(0)
        net = Net(len(SOURCE)).train()
        torch.onnx.export(net, torch.zeros(2, 1, 28, 28), f"{sys.argv[2]}/fmnist5_resnet_init.onnx", opset_version=17,
                          input_names=["input"], output_names=["logits"],
                          dynamic_axes={"input": {0: "N"}, "logits": {0: "N"}},
                          training=torch.onnx.TrainingMode.TRAINING, do_constant_folding=False)
    else:
        a = sys.argv
        finetune(a[2], a[3], int(a[4]), int(a[5]), int(a[6]) if len(a) > 6 else 16, float(a[7]) if len(a) > 7 else 1e-2,
                 float(a[8]) if len(a) > 8 else 1e-3)
