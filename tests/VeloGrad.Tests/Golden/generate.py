"""Recomputes the golden trajectories' expected values with the reference optimizer, in float64.

    python3 tests/VeloGrad.Tests/Golden/generate.py           # check: every recorded value within 1e-12 relative
    python3 tests/VeloGrad.Tests/Golden/generate.py --write   # rewrite the expected values in place

Needs PyTorch (Debian: apt-get install python3-torch). Each case's inputs (hyperparameters, parameter groups,
initial values, gradients, losses; Rosenbrock's start and step count) are the recorded ones; what the reference
computes from them (expected_params, expected_loss_avg, final_state; Rosenbrock's trace) is recomputed. The
reference optimizer is the notebook's class as bench/pytorch/reference.py holds it (one copy for both uses).
"""
import argparse, json, math, os, sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "bench", "pytorch"))
from reference import VeloGrad  # noqa: E402

CASES = ["defaults", "edges", "param_groups", "rosenbrock"]


def tensor(value):
    return torch.tensor(value["data"], dtype=torch.float64).reshape(value["shape"])


def flat(t):
    return t.reshape(-1).tolist()


def optimizer_for(case, params):
    h = case["hyper"]
    defaults = dict(lr=h["lr"], betas=tuple(h["betas"]), eps=h["eps"], weight_decay=h["weight_decay"],
                    lookahead_k=h["lookahead_k"], alpha_slow=h["alpha_slow"], alpha_interp=h["alpha_interp"])
    if case.get("param_groups") is None:
        return VeloGrad(params, **defaults)
    groups = []
    for g in case["param_groups"]:
        group = {k: (tuple(v) if k == "betas" else v) for k, v in g.items() if k != "params"}
        group["params"] = [params[i] for i in g["params"]]
        groups.append(group)
    return VeloGrad(groups, **defaults)


def replay(case):
    params = [tensor(p).requires_grad_() for p in case["params"]]
    opt = optimizer_for(case, params)
    for step in case["steps"]:
        if step["loss"] is not None:
            opt.set_loss(step["loss"])
        for p, g in zip(params, step["grads"]):
            p.grad = None if g is None else torch.tensor(g, dtype=torch.float64).reshape(p.shape)
        opt.step()
        step["expected_params"] = [flat(p.detach()) for p in params]
        step["expected_loss_avg"] = opt.loss_avg
    case["final_state"] = [None if len(opt.state[p]) == 0 else {
        "step": opt.state[p]["step"],
        **{k: flat(opt.state[p][k]) for k in ["exp_avg", "exp_avg_sq", "prev_grad", "slow_params"]},
    } for p in params]


def rosenbrock(case):
    xy = torch.tensor(case["start"], dtype=torch.float64, requires_grad=True)
    opt = optimizer_for(case, [xy])
    trace = []
    for step in range(1, case["steps"] + 1):
        opt.zero_grad()
        f = (1 - xy[0]) ** 2 + 100 * (xy[1] - xy[0] ** 2) ** 2
        f.backward()
        opt.set_loss(f.item())
        opt.step()
        if step % 10 == 0 or step == case["steps"]:
            trace.append({"step": step, "params": xy.detach().tolist(), "loss_avg": opt.loss_avg})
    case["trace"] = trace


def numbers(value):
    if isinstance(value, dict):
        for k in sorted(value):
            yield from numbers(value[k])
    elif isinstance(value, list):
        for v in value:
            yield from numbers(v)
    elif isinstance(value, float) or isinstance(value, int) and not isinstance(value, bool):
        yield float(value)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--write", action="store_true", help="rewrite the files instead of checking them")
    args = parser.parse_args()
    torch.set_default_dtype(torch.float64)
    worst = 0.0
    for name in CASES:
        path = os.path.join(HERE, name + ".json")
        with open(path) as f:
            recorded = json.load(f)
        case = json.loads(json.dumps(recorded))
        (rosenbrock if case["kind"] == "rosenbrock" else replay)(case)
        if args.write:
            with open(path, "w") as f:
                json.dump(case, f, indent=1)
            print(f"wrote {path}")
            continue
        a, b = list(numbers(recorded)), list(numbers(case))
        if len(a) != len(b):
            sys.exit(f"{name}: the recomputed case has {len(b)} numbers, the file {len(a)}")
        for x, y in zip(a, b):
            if abs(x - y) > 1e-12 * max(1.0, abs(x)) and not (math.isnan(x) and math.isnan(y)):
                sys.exit(f"{name}: recorded {x!r}, recomputed {y!r}")
            worst = max(worst, abs(x - y) / max(1e-300, abs(x)) if x else abs(y))
        print(f"{name}: {len(a)} numbers agree")
    if not args.write:
        print(f"largest relative difference {worst:.2e}")


if __name__ == "__main__":
    main()
