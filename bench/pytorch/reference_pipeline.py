"""The reference notebook's own training pipeline on Fashion-MNIST, for the CPU loop's side-by-side (issue #26, part 3).

    /usr/bin/python3 reference_pipeline.py --train-limit 12800 --test-limit 2000 --epochs 1 --threads 2 [--workers 2]

Needs Debian's python3-torch, python3-torchvision and dataset-fashion-mnist. What is the notebook's, point by point:
torchvision's resnet18 (fc replaced), its transforms (RandomCrop(32, padding=4), RandomHorizontalFlip,
RandomRotation(15), ToTensor, Normalize(0.5)), a shuffled DataLoader of batch 128 with 2 workers and pinned memory,
its train_epoch (loss / accum_steps, a step every 2 batches, VeloGrad fed loss.item() * accum_steps, .item() per
batch; torch.cuda.amp is disabled on a CPU, as it is when the notebook runs on one) and its evaluate. What is ours,
so both pipelines see the same images: Fashion-MNIST served as velograd serves it (zero-padded 28 -> 32, the
channel repeated three times), the subset class-balanced (each class's earliest images, as --train-limit takes
them). Prints one JSON object: seconds of the training epoch, of the evaluation, and the accuracy.
"""
import argparse, gzip, json, os, time
import numpy as np
import torch
import torch.nn as nn
import torchvision
import torchvision.transforms as transforms
from PIL import Image
from torch.utils.data import DataLoader, Dataset

from reference import VeloGrad  # the notebook's optimizer, verbatim in its arithmetic

FOLDER = "/usr/share/datasets/fashion-mnist"


def idx(path):
    opener = gzip.open if not os.path.exists(path) else open
    path = path if os.path.exists(path) else path + ".gz"
    with opener(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def balanced(images, labels, limit):
    quota = [limit // 10 + (1 if c < limit % 10 else 0) for c in range(10)]
    chosen = []
    for i, label in enumerate(labels):
        if len(chosen) == limit:
            break
        if quota[label] > 0:
            quota[label] -= 1
            chosen.append(i)
    return images[chosen], labels[chosen]


class Served(Dataset):
    """28x28 grey images as velograd serves them: padded by 2 to 32x32, RGB by repeating the channel."""

    def __init__(self, images, labels, transform):
        padded = np.pad(images, ((0, 0), (2, 2), (2, 2)))
        self.images = [Image.fromarray(np.repeat(img[:, :, None], 3, axis=2)) for img in padded]
        self.labels = labels.astype(np.int64)
        self.transform = transform

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, i):
        return self.transform(self.images[i]), int(self.labels[i])


def train_epoch(model, train_loader, optimizer, criterion, device, use_amp=True, accum_steps=2, is_velograd=False):
    """The notebook's train_epoch, unchanged."""
    model.train()
    running_loss = 0.0
    correct = 0
    total = 0
    scaler = torch.cuda.amp.GradScaler() if use_amp else None
    for batch_idx, (inputs, targets) in enumerate(train_loader):
        inputs, targets = inputs.to(device), targets.to(device)
        with torch.cuda.amp.autocast(enabled=use_amp):
            outputs = model(inputs)
            loss = criterion(outputs, targets)
            loss = loss / accum_steps
        if use_amp:
            scaler.scale(loss).backward()
        else:
            loss.backward()
        if (batch_idx + 1) % accum_steps == 0:
            if is_velograd:
                optimizer.set_loss(loss.item() * accum_steps)
            if use_amp:
                scaler.step(optimizer)
                scaler.update()
            else:
                optimizer.step()
            optimizer.zero_grad()
        running_loss += loss.item() * accum_steps * inputs.size(0)
        _, predicted = outputs.max(1)
        total += targets.size(0)
        correct += predicted.eq(targets).sum().item()
    return running_loss / total, 100.0 * correct / total


def evaluate(model, test_loader, criterion, device):
    """The notebook's evaluate without its scikit-learn scores (they cost nothing measurable)."""
    model.eval()
    correct = total = 0
    test_loss = 0.0
    with torch.no_grad():
        for inputs, targets in test_loader:
            outputs = model(inputs.to(device))
            test_loss += criterion(outputs, targets).item() * inputs.size(0)
            correct += outputs.max(1)[1].eq(targets).sum().item()
            total += targets.size(0)
    return test_loss / total, 100.0 * correct / total


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--train-limit", type=int, default=12800)
    parser.add_argument("--test-limit", type=int, default=2000)
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    import warnings
    warnings.filterwarnings("ignore")  # torch.cuda.amp on a CPU warns once per batch that it is disabled

    normalize = transforms.Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5))
    train_transform = transforms.Compose([transforms.RandomCrop(32, padding=4), transforms.RandomHorizontalFlip(),
                                          transforms.RandomRotation(15), transforms.ToTensor(), normalize])
    test_transform = transforms.Compose([transforms.ToTensor(), normalize])
    train = Served(*balanced(idx(f"{FOLDER}/train-images-idx3-ubyte"), idx(f"{FOLDER}/train-labels-idx1-ubyte"), args.train_limit), train_transform)
    test = Served(*balanced(idx(f"{FOLDER}/t10k-images-idx3-ubyte"), idx(f"{FOLDER}/t10k-labels-idx1-ubyte"), args.test_limit), test_transform)
    train_loader = DataLoader(train, batch_size=128, shuffle=True, num_workers=args.workers, pin_memory=True)
    test_loader = DataLoader(test, batch_size=128, shuffle=False, num_workers=args.workers, pin_memory=True)

    model = torchvision.models.resnet18(weights=None)
    model.fc = nn.Linear(model.fc.in_features, 10)
    optimizer = VeloGrad(model.parameters(), lr=0.0015, betas=(0.9, 0.99), weight_decay=1e-4, lookahead_k=5, alpha_slow=0.5, alpha_interp=0.2)
    criterion = nn.CrossEntropyLoss()
    device = torch.device("cpu")
    epochs = []
    for _ in range(args.epochs):
        start = time.perf_counter()
        train_epoch(model, train_loader, optimizer, criterion, device, True, 2, True)
        trained = time.perf_counter()
        _, accuracy = evaluate(model, test_loader, criterion, device)
        epochs.append({"train_seconds": trained - start, "evaluation_seconds": time.perf_counter() - trained, "test_accuracy": accuracy})
    print(json.dumps({"torch": torch.__version__, "torchvision": torchvision.__version__, "threads": torch.get_num_threads(),
                      "workers": args.workers, "train_samples": len(train), "test_samples": len(test), "epochs": epochs}))


if __name__ == "__main__":
    main()
