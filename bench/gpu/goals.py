"""Sets every figure of a GPU run beside its goal (issue #26): reads what gpu-run.sh has measured so far in SCRATCH,
prints one line per goal (met, missed, or not measured yet) and writes SCRATCH/goals.json.

    python3 goals.py SCRATCH [DEVICE]
"""
import glob
import json
import os
import sys

scratch = sys.argv[1]
device = sys.argv[2] if len(sys.argv) > 2 else "cuda"
REFERENCE_ACCURACY = 76.25  # the reference notebook's own PyTorch pipeline, one epoch, seed 0


def load(name):
    try:
        with open(os.path.join(scratch, name)) as f:
            return json.load(f)["figures"]
    except (OSError, ValueError, KeyError):
        return None


rows = []


def goal(name, value, target, unit, met, note=""):
    rows.append({"goal": name, "measured": value, "target": target, "unit": unit,
                 "met": None if value is None else bool(met), "note": note})


step = load("optimizer-step.json")
steps = {r["optimizer"]: r["medianMs"] for r in step["results"]} if step else {}
v = steps.get("VeloGrad")
goal("VeloGrad step on ResNet-18's parameters (Auto)", v, "<= 1.0", "ms", v is not None and v <= 1.0)
for name in ("Adam/foreach", "AdamW/foreach", "SGD/foreach", "Adam/fused", "AdamW/fused", "SGD/fused"):
    ms = steps.get(name)
    goal(f"{name} step", ms, "<= 0.5", "ms", ms is not None and ms <= 0.5,
         "what train runs on CUDA" if name.endswith("foreach") else "libtorch's fused kernel, for comparison")

loop = load("training-loop.json")
rates = {r["optimizer"]: r["imagesPerSecond"] for r in loop["loops"]} if loop else {}
for suffix in ("", " float16 mixed", " bfloat16 mixed"):
    velograd, adam = rates.get("VeloGrad" + suffix), rates.get("Adam" + suffix)
    ratio = adam / velograd if velograd and adam else None
    goal(f"VeloGrad epoch / Adam epoch{suffix or ' float32'}", ratio, "<= 1.10", "x", ratio is not None and ratio <= 1.10)
for name in ("VeloGrad float16 mixed", "Adam float16 mixed"):
    ips = rates.get(name)
    goal(f"{name} images/s (batch 128, accumulation 2)", ips, ">= 20000", "images/s", ips is not None and ips >= 20000)
for name in ("VeloGrad", "Adam"):
    half, full = rates.get(name + " float16 mixed"), rates.get(name)
    ratio = full / half if half and full else None
    goal(f"{name}: float16 epoch / float32 epoch", ratio, "<= 1.0", "x", ratio is not None and ratio <= 1.0)

for path in sorted(glob.glob(os.path.join(scratch, "train-*", "history.json"))):
    precision = os.path.basename(os.path.dirname(path))[len("train-"):]
    with open(path) as f:
        history = json.load(f)
    epochs = history.get("epochs") or []
    last = epochs[-1] if epochs else None
    accuracy = last["val_acc"] if last else None
    goal(f"parity: one epoch, {precision}, test accuracy", accuracy, f"within 1 point of {REFERENCE_ACCURACY}", "%",
         accuracy is not None and abs(accuracy - REFERENCE_ACCURACY) <= 1.0,
         f"epoch {last['epoch_time']:.1f} s, {history['config'].get('train_limit')} images" if last else "no finished epoch")

with open(os.path.join(scratch, "goals.json"), "w") as f:
    json.dump(rows, f, indent=2)
if device != "cuda":
    print(f"(a dry run on the {device}: these are not GPU figures, and the goals are the GPU's)")
for r in rows:
    state = "not measured" if r["met"] is None else ("met" if r["met"] else "MISSED")
    value = "-" if r["measured"] is None else f"{r['measured']:.3f}" if r["unit"] in ("ms", "x") else f"{r['measured']:.2f}" if r["unit"] == "%" else f"{r['measured']:.0f}"
    print(f"{r['goal']:<58} {value:>10} {r['unit']:<9} goal {r['target']:<22} {state}{'  (' + r['note'] + ')' if r['note'] else ''}")
