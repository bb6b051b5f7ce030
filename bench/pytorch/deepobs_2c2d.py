"""DeepOBS's fmnist_2c2d as DeepOBS's PyTorch code runs it (net_mnist_2c2d with TensorFlow "same" padding, truncated-normal
weights σ 0.05 drawn by scipy as DeepOBS draws them, biases 0.05; Fashion-MNIST through ToTensor, batches of 128 shuffled
with the remainder dropped; test accuracy on the test set's full batches), for comparison with velograd's runs and with
DeepOBS's published (TensorFlow) baselines:

    python3 bench/pytorch/deepobs_2c2d.py sgd 0.15848931925 --epochs 10 --seeds 1

reads the IDX files of Debian's dataset-fashion-mnist (or --data) and prints the test accuracy after every epoch.
"""
import argparse
import gzip
import math
import os
import numpy as np
import torch
from scipy.stats import truncnorm
from torch import nn
from torch.nn import functional as F


def read_idx(folder, name):
    path = os.path.join(folder, name)
    opener = gzip.open if not os.path.exists(path) else open
    with opener(path if os.path.exists(path) else path + ".gz", "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def same(size, kernel, stride):
    out = math.ceil(size / stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return (total // 2, total - total // 2, total // 2, total - total // 2)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 5)
        self.conv2 = nn.Conv2d(32, 64, 5)
        self.dense1 = nn.Linear(7 * 7 * 64, 1024)
        self.dense2 = nn.Linear(1024, 10)
        for m in self.modules():
            if isinstance(m, (nn.Conv2d, nn.Linear)):
                nn.init.constant_(m.bias, 0.05)
                seed = torch.randint(0, 2 ** 32 - 1, (1, 1)).view(-1).item()
                w = truncnorm.rvs(a=-2, b=2, loc=0, scale=0.05, size=m.weight.numel(), random_state=np.random.RandomState(seed))
                m.weight.data = torch.from_numpy(w.reshape(tuple(m.weight.shape))).type_as(m.weight)

    def forward(self, x):
        for conv in (self.conv1, self.conv2):
            x = F.relu(conv(F.pad(x, same(x.shape[-1], 5, 1))))
            x = F.max_pool2d(F.pad(x, same(x.shape[-1], 2, 2)), 2, 2)
        return self.dense2(F.relu(self.dense1(x.flatten(1))))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("optimizer", choices=["sgd", "momentum", "adam"])
    parser.add_argument("lr", type=float)
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--seeds", type=int, default=1)
    parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    args = parser.parse_args()
    torch.set_num_threads(os.cpu_count())
    to_tensor = lambda images: torch.from_numpy(images.astype(np.float32) / 255.0).unsqueeze(1)
    train = torch.utils.data.TensorDataset(to_tensor(read_idx(args.data, "train-images-idx3-ubyte")), torch.from_numpy(read_idx(args.data, "train-labels-idx1-ubyte").astype(np.int64)))
    test_x, test_y = to_tensor(read_idx(args.data, "t10k-images-idx3-ubyte")), torch.from_numpy(read_idx(args.data, "t10k-labels-idx1-ubyte").astype(np.int64))
    for seed in range(42, 42 + args.seeds):
        torch.manual_seed(seed)
        net = Net()
        opt = (torch.optim.Adam(net.parameters(), lr=args.lr) if args.optimizer == "adam"
               else torch.optim.SGD(net.parameters(), lr=args.lr, momentum=0.99 if args.optimizer == "momentum" else 0.0))
        loader = torch.utils.data.DataLoader(train, batch_size=128, shuffle=True, drop_last=True)
        for epoch in range(1, args.epochs + 1):
            net.train()
            for x, y in loader:
                opt.zero_grad()
                F.cross_entropy(net(x), y).backward()
                opt.step()
            net.eval()
            with torch.no_grad():
                batches = len(test_y) // 128
                correct = sum((net(test_x[i * 128:(i + 1) * 128]).argmax(1) == test_y[i * 128:(i + 1) * 128]).sum().item() for i in range(batches))
            print(f"seed {seed} epoch {epoch}: test accuracy {100 * correct / (batches * 128):.2f} %", flush=True)


if __name__ == "__main__":
    main()
