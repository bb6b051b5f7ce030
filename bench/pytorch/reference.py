"""PyTorch baselines for the benchmarks, run with Debian's python3-torch when it is installed.

    python3 reference.py bare-train --batches 8 --threads 2 [--precision bfloat16]
                                                             -> images/s of ResNet-18 forward+backward+Adam (CPU autocast)
    python3 reference.py optimizer-step --steps 30 --threads 2 -> median ms of Adam, AdamW, SGD and the reference VeloGrad

Prints one JSON object. ResNet-18 is written out here (torchvision's layout) so torchvision is not needed;
VeloGrad is the reference notebook's class, verbatim in its arithmetic.
"""
import argparse, json, statistics, time
import torch
import torch.nn as nn
import torch.optim as optim


class BasicBlock(nn.Module):
    def __init__(self, inplanes, planes, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, planes, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.downsample = None
        if stride != 1 or inplanes != planes:
            self.downsample = nn.Sequential(nn.Conv2d(inplanes, planes, 1, stride, bias=False), nn.BatchNorm2d(planes))

    def forward(self, x):
        out = torch.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return torch.relu(out + (x if self.downsample is None else self.downsample(x)))


def resnet18(classes=10):
    layers = [nn.Conv2d(3, 64, 7, 2, 3, bias=False), nn.BatchNorm2d(64), nn.ReLU(inplace=True), nn.MaxPool2d(3, 2, 1)]
    inplanes = 64
    for planes, stride in [(64, 1), (128, 2), (256, 2), (512, 2)]:
        layers += [BasicBlock(inplanes, planes, stride), BasicBlock(planes, planes, 1)]
        inplanes = planes
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(512, classes)]
    return nn.Sequential(*layers)


class VeloGrad(optim.Optimizer):
    def __init__(self, params, lr=0.0015, betas=(0.9, 0.99), eps=1e-8, weight_decay=1e-4, lookahead_k=5, alpha_slow=0.5, alpha_interp=0.2):
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, lookahead_k=lookahead_k, alpha_slow=alpha_slow, alpha_interp=alpha_interp))
        self.loss_avg = 0.0

    def set_loss(self, loss_value):
        beta2 = self.param_groups[0]['betas'][1]
        self.loss_avg = beta2 * self.loss_avg + (1 - beta2) * loss_value

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            beta1, beta2 = group['betas']
            eps, lr, weight_decay = group['eps'], group['lr'], group['weight_decay']
            for p in group['params']:
                if p.grad is None:
                    continue
                grad = p.grad
                state = self.state[p]
                if len(state) == 0:
                    state['step'] = 0
                    state['exp_avg'] = torch.zeros_like(p)
                    state['exp_avg_sq'] = torch.zeros_like(p)
                    state['prev_grad'] = torch.zeros_like(p)
                    state['slow_params'] = p.clone().detach()
                exp_avg, exp_avg_sq, prev_grad, slow_params = state['exp_avg'], state['exp_avg_sq'], state['prev_grad'], state['slow_params']
                state['step'] += 1
                step = state['step']
                grad_norm = torch.norm(grad)
                if step > 1:
                    cos_sim = (torch.dot(grad.view(-1), prev_grad.view(-1)) / (grad_norm * torch.norm(prev_grad) + eps)).item()
                else:
                    cos_sim = 0.0
                prev_grad.copy_(grad)
                scale = 1.0 + 0.5 * (1.0 - grad_norm.item()) if grad_norm <= 1.0 else 1.0 / grad_norm.item()
                scaled_grad = grad * scale
                exp_avg.mul_(beta1).add_(scaled_grad, alpha=1 - beta1)
                exp_avg_sq.mul_(beta2).add_(scaled_grad ** 2, alpha=1 - beta2)
                corrected_exp_avg = exp_avg / (1 - beta1 ** step)
                corrected_exp_avg_sq = exp_avg_sq / (1 - beta2 ** step)
                loss_scale = min(1.0, 1.0 / (self.loss_avg + eps))
                norm_scale = min(1.0, 1.0 / (grad_norm.item() + eps))
                adaptive_lr = lr * loss_scale * norm_scale
                denom = torch.sqrt(corrected_exp_avg_sq) + eps
                p.addcdiv_(corrected_exp_avg, denom, value=-adaptive_lr * (1.0 + 0.1 * cos_sim))
                update_norm = torch.norm(corrected_exp_avg / denom)
                adaptive_wd = weight_decay * min(1.0, 1.0 / (self.loss_avg + eps)) * min(1.0, 1.0 / (update_norm.item() + eps))
                p.mul_(1 - adaptive_lr * adaptive_wd)
                if step % group['lookahead_k'] == 0:
                    slow_params.add_(p - slow_params, alpha=group['alpha_slow'])
                    p.mul_(1 - group['alpha_interp']).add_(slow_params, alpha=group['alpha_interp'])


def bare_train(batches, precision="float32"):
    model = resnet18()
    model.train()
    adam = optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-4)
    x, y = torch.randn(128, 3, 32, 32), torch.randint(0, 10, (128,))
    def step():
        adam.zero_grad()
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=precision == "bfloat16"):
            output = model(x)
        nn.functional.cross_entropy(output.float(), y).backward()
        adam.step()
    step()
    start = time.perf_counter()
    for _ in range(batches):
        step()
    return {"torch": torch.__version__, "threads": torch.get_num_threads(), "precision": precision, "images_per_second": batches * 128 / (time.perf_counter() - start)}


def optimizer_step(steps):
    model = resnet18()
    params = list(model.parameters())
    for p in params:
        p.grad = torch.randn_like(p) * 1e-2
    result = {"torch": torch.__version__, "threads": torch.get_num_threads()}
    # PyTorch's baselines as a user gets them (its default implementation on the CPU), at this project's settings.
    for name, opt in [("adam_ms", optim.Adam(params, lr=1e-3, weight_decay=1e-4)), ("adamw_ms", optim.AdamW(params, lr=1e-3, weight_decay=1e-2)),
                      ("sgd_ms", optim.SGD(params, lr=0.01, momentum=0.9, weight_decay=1e-4)), ("velograd_ms", VeloGrad(params))]:
        opt.step()
        times = []
        for _ in range(steps):
            start = time.perf_counter()
            opt.step()
            times.append((time.perf_counter() - start) * 1000)
        result[name] = statistics.median(times)
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["bare-train", "optimizer-step"])
    parser.add_argument("--batches", type=int, default=8)
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--precision", choices=["float32", "bfloat16"], default="float32")
    args = parser.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    print(json.dumps(bare_train(args.batches, args.precision) if args.mode == "bare-train" else optimizer_step(args.steps)))
