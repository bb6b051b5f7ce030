#!/usr/bin/env bash
# Packs the GPU measurements of this project into KIT_DIR for a Linux GPU machine that has PyTorch but no .NET:
# the CLI, the benchmarks and the test programs (Release builds), with ../shared/gpu/make-kit.sh. Then, there:
#   bash KIT_DIR/gpu-run.sh OUT_DIR        (every GPU figure of the README in one run; see run.sh)
# From the project's root:  bash bench/gpu/pack.sh KIT_DIR
set -euo pipefail
kit=${1:?usage: bench/gpu/pack.sh KIT_DIR}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
for project in src/VeloGrad.Cli bench/VeloGrad.Benchmarks tests/VeloGrad.Tests tests/VeloGrad.Training.Tests; do
  dotnet build "$project" -c Release -v q -nologo >/dev/null
done
bash ../shared/gpu/make-kit.sh "$kit" src/VeloGrad.Cli/bin/Release/net10.0 bench/VeloGrad.Benchmarks/bin/Release/net10.0 \
  tests/VeloGrad.Tests/bin/Release/net10.0 tests/VeloGrad.Training.Tests/bin/Release/net10.0
cp bench/gpu/run.sh "$kit/gpu-run.sh"
# The programs share most of their files' bytes: one xz archive keeps the kit small enough to carry (gpu-run.sh unpacks it).
(cd "$kit" && tar -cf - VeloGrad.Cli VeloGrad.Benchmarks VeloGrad.Tests VeloGrad.Training.Tests | xz -T0 -9 > programs.tar.xz \
  && rm -rf VeloGrad.Cli VeloGrad.Benchmarks VeloGrad.Tests VeloGrad.Training.Tests)
du -sh "$kit"
