#!/usr/bin/env bash
# Every GPU figure of this project in one call of at most 10 minutes, on a machine with an NVIDIA GPU and PyTorch,
# from a kit made by bench/gpu/pack.sh:
#   bash KIT/gpu-run.sh OUT        (TORCH_LIB or VELOGRAD_TORCH_LIB may name the libtorch folder; else python3's PyTorch)
# What such a call brings back is at most 8 files from OUT, so everything goes to a scratch folder and, after every
# step, into OUT/velograd-gpu.tar.gz (texts, JSON, CSV, histories: no checkpoints), with OUT/summary.txt beside it: a
# run cut off at its limit still returns what it measured. One overall deadline (VELOGRAD_GPU_DEADLINE, 480 s), of
# which the last VELOGRAD_GPU_RESERVE seconds (15) are kept for packing and no step starts with under
# VELOGRAD_GPU_MIN_STEP seconds (20) left; a timeout on every step, the figures that matter first, the tests last:
#   1. info: the GPU, libtorch's version (refused in words if it cannot work), CUDA available;
#   2. the optimizer step on ResNet-18's parameters: VeloGrad's strategies and the baselines, synchronised;
#   3. the training loop: VeloGrad, Adam, SGD in float32, float16 and bfloat16 mixed precision, images/s and the
#      VeloGrad/Adam epoch ratio;
#   4. velograd train, one epoch of 12,800 Fashion-MNIST images per precision: the parity accuracy;
#   5. the fixed cost of a step;  6. the CUDA tests.
# After each step goals.py sets every figure beside its goal (summary.txt, goals.json).
# A dry run on a CPU (the NuGet libtorch standing in for PyTorch; every step on the CPU, small, fast):
#   VELOGRAD_KIT_DEVICE=cpu TORCH_LIB=~/.nuget/packages/libtorch-cpu-linux-x64/2.10.0/runtimes/linux-x64/native \
#     bash KIT/gpu-run.sh OUT
set -uo pipefail
kit=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: gpu-run.sh OUT}
mkdir -p "$out" && out=$(cd "$out" && pwd)
start=$(date +%s)
deadline=$((start + ${VELOGRAD_GPU_DEADLINE:-480}))
reserve=${VELOGRAD_GPU_RESERVE:-15}
min_step=${VELOGRAD_GPU_MIN_STEP:-20}
device=${VELOGRAD_KIT_DEVICE:-cuda}
scratch=$(mktemp -d /tmp/velograd-gpu.XXXXXX)
summary=$scratch/summary.txt
cp "$kit/commit" "$scratch/commit" 2>/dev/null
echo "velograd GPU run on $(hostname), device $device, started $(date -u +%FT%TZ), commit $(cat "$kit/commit" 2>/dev/null || echo unknown)" > "$summary"

# Everything so far into one archive, written whole then renamed, and the summary beside it.
pack() {
  [ -f "$kit/goals.py" ] && python3 "$kit/goals.py" "$scratch" "$device" > "$scratch/goals.txt" 2>&1
  tar -czf "$out/.velograd-gpu.tar.gz" -C "$scratch" --exclude='checkpoint*' --exclude='*.pt' --exclude='*.lock' --exclude='*.bin' . \
    && mv "$out/.velograd-gpu.tar.gz" "$out/velograd-gpu.tar.gz"
  { cat "$summary"; echo; echo "== goals"; cat "$scratch/goals.txt" 2>/dev/null; } > "$out/summary.txt"
}

# step NAME LIMIT_S COMMAND...: runs it under the smaller of its limit and what the deadline leaves, output to NAME.txt.
step() {
  local name=$1 limit=$2; shift 2
  local left=$((deadline - $(date +%s) - reserve))
  if [ "$left" -lt "$min_step" ]; then echo "== $name: skipped, the overall deadline is near" >> "$summary"; pack; return 124; fi
  [ "$limit" -gt "$left" ] && limit=$left
  local t0=$(date +%s)
  echo "== $name (limit ${limit} s)" >> "$summary"
  timeout -k 10 "$limit" "$@" > "$scratch/$name.txt" 2>&1
  local rc=$?
  local took=$(( $(date +%s) - t0 ))
  case $rc in
    0) echo "   done in ${took} s" >> "$summary" ;;
    124|137) echo "   TIMED OUT after ${took} s (limit ${limit} s); its output so far is in $name.txt" >> "$summary" ;;
    *) echo "   FAILED (exit $rc) after ${took} s; the end of $name.txt:" >> "$summary"; tail -n 15 "$scratch/$name.txt" | sed 's/^/   | /' >> "$summary" ;;
  esac
  pack
  return $rc
}
# Commands as words (timeout runs programs, not shell functions).
run=(bash "$kit/run.sh")
bench=(bash "$kit/run.sh" dotnet "$kit/VeloGrad.Benchmarks/VeloGrad.Benchmarks.dll")

# Sizes: a GPU run's; the CPU dry run's are small, for the mechanics only.
if [ "$device" = cuda ]; then rounds=10; loop_batches=64; train_limit=12800; test_limit=2000; overhead_steps=200
else rounds=2; loop_batches=2; train_limit=256; test_limit=128; overhead_steps=10; fi

# The libtorch folder, found once by run.sh's own rule and exported, so it need not ask python3 again at every step
# (where it cannot be found, the info step says why in run.sh's words).
if [ -z "${TORCH_LIB:-${VELOGRAD_TORCH_LIB:-}}" ]; then
  TORCH_LIB=$(timeout 120 bash "$kit/run.sh" printenv TORCH_LIB 2>/dev/null) && export TORCH_LIB
fi
command -v nvidia-smi >/dev/null && step gpu 20 nvidia-smi --query-gpu=name,memory.total,driver_version,clocks.max.sm --format=csv
step info 60 "${run[@]}" velograd info || { echo "   nothing else can run without it: stopping" >> "$summary"; pack; exit 1; }
if [ "$device" = cuda ] && ! grep -q "^CUDA *available" "$scratch/info.txt"; then
  echo "   CUDA is not available to libtorch here: stopping (see info.txt)" >> "$summary"; pack; exit 1
fi
step optimizer-step 120 "${bench[@]}" optimizer-step "$rounds" 10 --device "$device" --json "$scratch/optimizer-step.json"
step training-loop 200 "${bench[@]}" training-loop resnet18 "$loop_batches" --device "$device" --json "$scratch/training-loop.json"
for precision in float32 float16 bfloat16; do
  [ "$device" = cpu ] && [ "$precision" = float16 ] && continue # float16 autocast is CUDA's
  step "train-$precision" 120 "${run[@]}" velograd train --device "$device" --precision "$precision" --dataset fashion-mnist \
    --fashion-mnist-dir "$kit/fashion-mnist" --train-limit "$train_limit" --test-limit "$test_limit" --model resnet18 \
    --epochs 1 --seed 0 --out "$scratch/train-$precision"
done
step step-overhead 60 "${bench[@]}" step-overhead "$overhead_steps" --device "$device" --json "$scratch/step-overhead.json"
for t in VeloGrad.Tests VeloGrad.Training.Tests; do
  step "tests-$t" 150 "${run[@]}" dotnet "$kit/$t/$t.dll" -nocolor -class "VeloGrad.Tests.Cuda.CudaStepTests" -class "VeloGrad.Training.Tests.Cuda.CudaTrainingTests"
  grep -shE "Total: [0-9]+" "$scratch/tests-$t.txt" | sed 's/^ */   /' >> "$summary"
done
echo "== finished in $(( $(date +%s) - start )) s" >> "$summary"
pack
rm -rf "$scratch"
