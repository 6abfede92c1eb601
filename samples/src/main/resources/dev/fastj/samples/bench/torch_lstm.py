"""PyTorch side of fastj's LstmBench: the train step of one nn.LSTM layer on the CPU.

python3 torch_lstm.py --emb C --hid H --seq T --bs N --steps S --threads K
Prints one JSON line {"ms_per_step": ..., "cpu_ms_per_step": ..., "tokens_per_s": ...} (CPU time of
the process, all threads). The step is the one fastj
times: batch-first input [N, T, C], zero initial state, MSE of every step's hidden state against
zeros, backward, SGD with momentum 0.9. Two warm-up steps are not timed.
"""
import argparse
import json
import time

import torch


def main():
    p = argparse.ArgumentParser()
    for name, default in (("emb", 64), ("hid", 128), ("seq", 72), ("bs", 64), ("steps", 5), ("threads", 2)):
        p.add_argument("--" + name, type=int, default=default)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    lstm = torch.nn.LSTM(a.emb, a.hid, batch_first=True)
    opt = torch.optim.SGD(lstm.parameters(), lr=1e-3, momentum=0.9)
    x = torch.randn(a.bs, a.seq, a.emb)
    target = torch.zeros(a.bs, a.seq, a.hid)

    def step():
        opt.zero_grad()
        y, _ = lstm(x)
        loss = torch.nn.functional.mse_loss(y, target)
        loss.backward()
        opt.step()
        return loss.item()

    for _ in range(2):
        step()
    t0 = time.perf_counter()
    c0 = time.process_time()
    for _ in range(a.steps):
        step()
    s = (time.perf_counter() - t0) / a.steps
    cpu = (time.process_time() - c0) / a.steps
    print(json.dumps({"ms_per_step": s * 1e3, "cpu_ms_per_step": cpu * 1e3, "tokens_per_s": a.bs * a.seq / s}))


if __name__ == "__main__":
    main()
