#!/usr/bin/env bash
# The kit's starter:  bash KIT/run.sh velograd ARGS...  |  bash KIT/run.sh COMMAND ARGS...
# Unpacks the .NET runtime (into /tmp/velograd-dotnet) and the programs (beside this script) the first time, points
# the programs at the machine's libtorch — TORCH_LIB or VELOGRAD_TORCH_LIB naming its folder, else the torch/lib of
# python3's PyTorch — and runs the command. Fails in words when any of that is missing.
set -uo pipefail
kit=$(cd "$(dirname "$0")" && pwd)
fail() { echo "run.sh: $*" >&2; exit 127; }

if [ ! -x /tmp/velograd-dotnet/dotnet ]; then
  [ -s "$kit/dotnet-runtime.tar.xz" ] || fail "$kit/dotnet-runtime.tar.xz is missing: make the kit with bash bench/gpu/pack.sh KIT"
  mkdir -p /tmp/velograd-dotnet && tar -xJf "$kit/dotnet-runtime.tar.xz" -C /tmp/velograd-dotnet || fail "could not unpack the .NET runtime into /tmp/velograd-dotnet"
fi
if [ ! -f "$kit/VeloGrad.Cli/VeloGrad.Cli.dll" ]; then
  [ -s "$kit/programs.tar.xz" ] || fail "$kit/programs.tar.xz is missing: make the kit with bash bench/gpu/pack.sh KIT"
  tar -xJf "$kit/programs.tar.xz" -C "$kit" || fail "could not unpack the programs into $kit"
fi
export DOTNET_ROOT=/tmp/velograd-dotnet PATH=/tmp/velograd-dotnet:$PATH DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

lib=${TORCH_LIB:-${VELOGRAD_TORCH_LIB:-python}}
if [ "$lib" = python ]; then
  command -v python3 >/dev/null || fail "no python3 to ask where PyTorch is: set TORCH_LIB to a libtorch folder (.../torch/lib)"
  lib=$(timeout 60 python3 -c "import os, torch; print(os.path.join(os.path.dirname(torch.__file__), 'lib'))" 2>/dev/null) \
    || fail "python3 cannot import torch: install PyTorch (with CUDA) or set TORCH_LIB to a libtorch folder (.../torch/lib)"
fi
[ -d "$lib" ] || fail "the libtorch folder $lib does not exist (TORCH_LIB / VELOGRAD_TORCH_LIB)"
# Computed once: the programs this starts (and gpu-run.sh's next steps) inherit it. velograd and the benchmarks check
# its version before loading it (VELOGRAD_TORCH_LIB); the test programs find it through the loader's path.
export TORCH_LIB=$lib VELOGRAD_TORCH_LIB=$lib LD_LIBRARY_PATH=$lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
if [ "${1:-}" = velograd ]; then shift; exec dotnet "$kit/VeloGrad.Cli/VeloGrad.Cli.dll" "$@"; fi
exec "$@"
