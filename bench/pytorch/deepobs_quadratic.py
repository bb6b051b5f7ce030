"""DeepOBS's quadratic_deep as DeepOBS's PyTorch code runs it, for comparison with velograd's and with DeepOBS's
published (TensorFlow) baselines: the instance drawn with numpy's RandomState(42) (eigenvalues, then the subgroup-
algorithm rotation), the noise from RandomState(42)/(43), batches of 128 shuffled by torch's DataLoader with the
remainder dropped, torch.optim's SGD or Adam, the test loss after each epoch evaluated on 7 batches of 128.

    python3 bench/pytorch/deepobs_quadratic.py momentum 0.0025118864315 --seeds 5

prints the test loss at epochs 0, 10 and 100 per seed, and their mean and standard deviation.
"""
import argparse
import numpy as np
import torch


def instance():
    rng = np.random.RandomState(42)
    eigenvalues = np.concatenate((rng.uniform(0., 1., 90), rng.uniform(30., 60., 10)), axis=0)
    t = 2 * np.pi * rng.uniform()
    r = np.array([[np.cos(t), np.sin(t)], [-np.sin(t), np.cos(t)]])
    for d in range(2, 100):
        v = rng.normal(size=(d + 1, 1))
        v = v / np.sqrt(v.T.dot(v))
        e = np.concatenate((np.array([[1.0]]), np.zeros((d, 1))), axis=0)
        x = (e - v) / np.sqrt((e - v).T.dot(e - v))
        block = np.vstack([np.hstack([[[1.0]], np.zeros((1, d))]), np.hstack([np.zeros((d, 1)), r])])
        r = block - 2 * np.outer(x, x.T.dot(block))
    r = -r
    hessian = r.T.dot(np.diag(eigenvalues).dot(r))
    noise = lambda seed: torch.from_numpy(np.float32(np.random.RandomState(seed).normal(0.0, 0.6, (1000, 100))))
    return torch.from_numpy(hessian).to(torch.float32), noise(42), noise(43)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("optimizer", choices=["sgd", "momentum", "adam"])
    parser.add_argument("lr", type=float)
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=100)
    args = parser.parse_args()
    hessian, train, test = instance()

    def loss(theta, x):
        q = theta - x
        return (0.5 * torch.bmm(q.unsqueeze(1), torch.mm(q, hessian).unsqueeze(2))).mean()

    def test_loss(theta):
        with torch.no_grad():
            return sum(loss(theta, test[i * 128:(i + 1) * 128]).item() for i in range(7)) / 7

    finals = []
    for seed in range(42, 42 + args.seeds):
        torch.manual_seed(seed)
        theta = torch.nn.Parameter(torch.ones(100))
        opt = (torch.optim.Adam([theta], lr=args.lr) if args.optimizer == "adam"
               else torch.optim.SGD([theta], lr=args.lr, momentum=0.99 if args.optimizer == "momentum" else 0.0))
        loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(train), batch_size=128, shuffle=True, drop_last=True)
        curve = [test_loss(theta)]
        for _ in range(args.epochs):
            for (x,) in loader:
                opt.zero_grad()
                loss(theta, x).backward()
                opt.step()
            curve.append(test_loss(theta))
        finals.append(curve[-1])
        print(f"seed {seed}: test loss {curve[0]:.4f} at epoch 0, {curve[min(10, args.epochs)]:.4f} at 10, {curve[-1]:.4f} at {args.epochs}")
    print(f"{args.optimizer} lr {args.lr}: final test loss {np.mean(finals):.3f} ± {np.std(finals, ddof=1) if len(finals) > 1 else 0:.3f} over {len(finals)} seeds")


if __name__ == "__main__":
    main()
