#!/usr/bin/env bash
# Every GPU measurement of issue #17 in one run, on a machine with an NVIDIA GPU and PyTorch, from a kit made by
# bench/gpu/pack.sh:  bash KIT_DIR/gpu-run.sh OUT_DIR   (about 8 minutes on an H200). Writes OUT_DIR/*.txt and *.json.
#  1. the CUDA tests (multi-tensor VeloGrad and baselines against the references, loss scaling, training on CUDA);
#  2. the optimizer step on ResNet-18's parameters: every strategy and baseline, synchronised, host time beside it;
#  3. the training loop: VeloGrad, Adam, SGD in float32, float16 and bfloat16 mixed precision, images/s;
#  4. velograd train on 12,800 Fashion-MNIST images, one epoch, per precision: accuracy and seconds, for parity.
set -uo pipefail
kit=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: gpu-run.sh OUT_DIR}
mkdir -p "$out"
[ -d "$kit/VeloGrad.Cli" ] || tar -xJf "$kit/programs.tar.xz" -C "$kit"
run() { bash "$kit/run.sh" "$@"; }
step() { echo "== $*" | tee -a "$out/summary.txt"; }

step "info"
run velograd info 2>&1 | tee "$out/info.txt"
step "CUDA tests"
for t in VeloGrad.Tests VeloGrad.Training.Tests; do
  timeout 300 bash "$kit/run.sh" dotnet "$kit/$t/$t.dll" -class "VeloGrad.Tests.Cuda.CudaStepTests" \
    -class "VeloGrad.Training.Tests.Cuda.CudaTrainingTests" 2>&1 | tail -n 40 | tee "$out/tests-$t.txt"
done
step "optimizer step"
timeout 300 bash "$kit/run.sh" dotnet "$kit/VeloGrad.Benchmarks/VeloGrad.Benchmarks.dll" optimizer-step 10 10 --device cuda \
  --json "$out/optimizer-step.json" 2>&1 | tee "$out/optimizer-step.txt"
step "fixed cost of a step"
timeout 120 bash "$kit/run.sh" dotnet "$kit/VeloGrad.Benchmarks/VeloGrad.Benchmarks.dll" step-overhead 200 --device cuda \
  --json "$out/step-overhead.json" 2>&1 | tee "$out/step-overhead.txt"
step "training loop"
timeout 400 bash "$kit/run.sh" dotnet "$kit/VeloGrad.Benchmarks/VeloGrad.Benchmarks.dll" training-loop resnet18 64 --device cuda \
  --json "$out/training-loop.json" 2>&1 | tee "$out/training-loop.txt"
step "one epoch per precision (parity)"
for precision in float32 float16 bfloat16; do
  timeout 300 bash "$kit/run.sh" velograd train --device cuda --precision "$precision" --dataset fashion-mnist \
    --fashion-mnist-dir "$kit/fashion-mnist" --train-limit 12800 --test-limit 2000 --model resnet18 --epochs 1 --seed 0 \
    --out "$out/train-$precision" 2>&1 | tail -n 3 | tee -a "$out/summary.txt"
done
