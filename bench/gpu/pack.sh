#!/usr/bin/env bash
# Packs this project's GPU measurements into KIT for a Linux x64 GPU machine that has PyTorch but no .NET: a .NET
# runtime, the CLI, the benchmarks and the test programs (Release builds) in one archive, a Fashion-MNIST subset,
# run.sh (the starter), gpu-run.sh (every GPU figure in one call) and goals.py. Everything it needs is checked first.
#   bash bench/gpu/pack.sh KIT          (from anywhere; FASHION_MNIST_DIR overrides /usr/share/datasets/fashion-mnist)
# Then, there:  bash KIT/gpu-run.sh OUT    (or bash KIT/run.sh velograd info)
set -euo pipefail
kit=${1:?usage: bash bench/gpu/pack.sh KIT}
root=$(cd "$(dirname "$0")/../.." && pwd)
fm=${FASHION_MNIST_DIR:-/usr/share/datasets/fashion-mnist}
fail() { echo "pack.sh: $*" >&2; exit 1; }

command -v dotnet >/dev/null || fail "the .NET SDK (dotnet) is needed to build the programs: see README.md, or .ci/run for how CI installs it"
command -v python3 >/dev/null || fail "python3 is needed to trim the programs' deps.json and to cut the Fashion-MNIST subset"
command -v xz >/dev/null || fail "xz is needed to compress the kit: apt-get install xz-utils"
for name in train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz; do
  [ -f "$fm/$name" ] || fail "Fashion-MNIST is not in $fm ($name is missing), and the GPU run's parity epochs train on it: apt-get install dataset-fashion-mnist, or set FASHION_MNIST_DIR to a folder with its four .gz files"
done

cd "$root"
builds=(src/VeloGrad.Cli bench/VeloGrad.Benchmarks tests/VeloGrad.Tests tests/VeloGrad.Training.Tests)
for project in "${builds[@]}"; do
  echo "building $project (Release)"
  log=$(dotnet build "$project" -c Release -v q -nologo 2>&1) || { echo "$log" | tail -n 30 >&2; fail "the build of $project failed (above)"; }
done
bash bench/gpu/make-kit.sh "$kit" src/VeloGrad.Cli/bin/Release/net10.0 bench/VeloGrad.Benchmarks/bin/Release/net10.0 \
  tests/VeloGrad.Tests/bin/Release/net10.0 tests/VeloGrad.Training.Tests/bin/Release/net10.0
echo "kit in $kit: $(du -sh "$kit" | cut -f1) (the files a device call carries must stay under 64 MiB in all)"
