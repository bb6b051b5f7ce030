#!/usr/bin/env bash
# Packs what it takes to run velograd and this project's other programs on a Linux x64 GPU machine that has PyTorch
# (with CUDA) but no .NET: a .NET runtime, the built programs without libtorch's CPU natives (the machine's PyTorch
# provides libtorch, CUDA included) in one archive, a Fashion-MNIST subset, and run.sh to start them. Called by
# pack.sh, which builds the programs first:
#   bash bench/gpu/make-kit.sh KIT_DIR BUILD_OUTPUT_DIR...      (from the project's root)
# Each BUILD_OUTPUT_DIR is a built program's folder (its *.deps.json, e.g. src/VeloGrad.Cli/bin/Release/net10.0).
set -euo pipefail
kit=${1:?usage: bench/gpu/make-kit.sh KIT_DIR BUILD_OUTPUT_DIR...}; shift
[ $# -gt 0 ] || { echo "make-kit.sh: name at least one built program's folder (see bench/gpu/pack.sh)" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
fm=${FASHION_MNIST_DIR:-/usr/share/datasets/fashion-mnist}
mkdir -p "$kit"; kit=$(cd "$kit" && pwd)
programs=$(mktemp -d); trap 'rm -rf "$programs"' EXIT

# 1. the .NET runtime the programs ask for (the SDK's own)
root=$(dirname "$(readlink -f "$(command -v dotnet)")")
ver=$(ls "$root/shared/Microsoft.NETCore.App" | sort -V | tail -n 1)
[ -s "$kit/dotnet-runtime.tar.xz" ] || tar -C "$root" -cf - dotnet host/fxr "shared/Microsoft.NETCore.App/$ver" | xz -T0 -6 > "$kit/dotnet-runtime.tar.xz"

# 2. each program, without libtorch's natives (and their entries in its deps.json) and without other platforms'
for d in "$@"; do
  deps=$(ls "$d"/*.deps.json 2>/dev/null | head -n 1)
  [ -n "$deps" ] || { echo "make-kit.sh: $d holds no *.deps.json: is it a build output folder?" >&2; exit 1; }
  name=$(basename "$deps" .deps.json); out="$programs/$name"
  mkdir -p "$out"
  find "$d" -maxdepth 1 -type f ! -name '*.pdb' ! -name '*.xml' ! -name 'lib*.so*' -exec cp {} "$out/" \;
  for so in libLibTorchSharp.so libSkiaSharp.so libHarfBuzzSharp.so; do
    for src in "$d/runtimes/linux-x64/native/$so" "$d/$so"; do
      [ -f "$src" ] && { mkdir -p "$out/$(dirname "${src#"$d"/}")"; cp "$src" "$out/${src#"$d"/}"; break; }
    done
  done
  python3 "$here/trim-deps.py" "$out/$name.deps.json"
done
# The programs share most of their files' bytes: one xz archive keeps the kit small enough to carry.
tar -C "$programs" -cf - . | xz -T0 -9 > "$kit/programs.tar.xz"

# 3. a Fashion-MNIST subset (the first 16,000 training images, all 10,000 test images), as the reader expects it
mkdir -p "$kit/fashion-mnist"
python3 "$here/fashion-mnist-subset.py" "$fm" "$kit/fashion-mnist"

# 4. the starter, the measurement script and its goals
cp "$here/run.sh" "$kit/run.sh"
cp "$here/gpu-run.sh" "$kit/gpu-run.sh"
cp "$here/goals.py" "$kit/goals.py"
chmod +x "$kit/run.sh" "$kit/gpu-run.sh"
git -C "$here" rev-parse HEAD > "$kit/commit" 2>/dev/null || echo unknown > "$kit/commit"
